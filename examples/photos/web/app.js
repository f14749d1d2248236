// The photo gallery: uploads straight to storage, live status, search, details and edits.
// No build step and no dependencies; every URL is relative, so the page works under /apps/photos/
// and at the root of the app's host.
//
// Stable hooks for browser tests (data-testid, and the same ids where noted):
//   drop-zone, file-input (#file-input)        where files are dropped or chosen
//   upload-item [data-upload-id][data-state]   one per file; state: uploading|processing|ready|failed|error
//     upload-progress (<progress>), upload-status (text)
//   grid, photo-card [data-id][data-status]    the thumbnails; status: processing|ready|failed
//     photo-open (the card's button)           opens the detail dialog
//   search-input (#search), grid-status, load-more, live-status [data-state=live|connecting]
//   detail (<dialog>), detail-title, detail-image, detail-status, detail-error,
//     detail-sizes > size-link [data-size], detail-filters > filter-link [data-filter],
//     filter-select, filter-apply, tags-input, caption-input, save, edit-message,
//     delete, delete-confirm, detail-close
'use strict';

const PAGE_SIZE = 30;
const PARALLEL_UPLOADS = 3;
const SEARCH_DELAY_MS = 250;

const $ = (id) => document.getElementById(id);
const photos = new Map();          // id -> photo, as the API returns it
const uploadsById = new Map();     // photo id -> upload list item
const latestEvent = new Map();     // photo id -> the last status event seen for it
let nextCursor = null;
let searching = false;
let openId = null;

/** Calls the app's API; resolves to the JSON answer, rejects with the problem's detail. */
async function api(path, options = {}) {
  const response = await fetch('api/' + path, {
    ...options,
    headers: options.body ? { 'Content-Type': 'application/json' } : {},
  });
  if (response.status === 204) return null;
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (!response.ok) {
    throw new Error((body && (body.detail || body.title)) || `HTTP ${response.status}`);
  }
  return body;
}

// ---- grid -------------------------------------------------------------------------------------

function thumbnailUrl(photo, size) {
  return photo.thumbnails ? photo.thumbnails[String(size)] : undefined;
}

function sizesOf(photo) {
  return Object.keys(photo.thumbnails || {}).map(Number).sort((a, b) => a - b);
}

function fileName(photo) {
  return (photo.key || photo.id).split('/').pop();
}

function statusText(photo) {
  if (photo.status === 'ready') return 'Ready';
  if (photo.status === 'failed') return 'Failed';
  return 'Processing…';
}

function renderCard(photo) {
  let card = document.querySelector(`#grid [data-id="${CSS.escape(photo.id)}"]`);
  if (!card) {
    card = document.createElement('li');
    card.className = 'card';
    card.setAttribute('data-testid', 'photo-card');
    card.dataset.id = photo.id;
  }
  card.dataset.status = photo.status;
  card.replaceChildren();
  const button = document.createElement('button');
  button.className = 'card-open';
  button.setAttribute('data-testid', 'photo-open');
  button.setAttribute('aria-label', `${fileName(photo)}, ${statusText(photo)}. Open details`);
  button.addEventListener('click', () => openDetail(photo.id));
  const small = thumbnailUrl(photo, 256);
  if (photo.status === 'ready' && small) {
    const img = document.createElement('img');
    img.src = small;
    const srcset = sizesOf(photo).filter((s) => s <= 512).map((s) => `${thumbnailUrl(photo, s)} ${s}w`);
    if (srcset.length) img.srcset = srcset.join(', ');
    img.sizes = '(max-width: 600px) 50vw, 240px';
    img.alt = photo.caption || fileName(photo);
    img.loading = 'lazy';
    img.decoding = 'async';
    button.append(img);
  } else {
    const placeholder = document.createElement('div');
    placeholder.className = 'placeholder';
    placeholder.textContent = photo.status === 'failed' ? '⚠' : '';
    if (photo.status !== 'failed') placeholder.classList.add('shimmer');
    button.append(placeholder);
  }
  const meta = document.createElement('div');
  meta.className = 'card-meta';
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = photo.caption || fileName(photo);
  const badge = document.createElement('span');
  badge.className = `badge ${photo.status}`;
  badge.setAttribute('data-testid', 'photo-status');
  badge.textContent = statusText(photo);
  meta.append(name, badge);
  button.append(meta);
  card.append(button);
  return card;
}

function showPhoto(photo, where = 'end') {
  photos.set(photo.id, photo);
  const existing = document.querySelector(`#grid [data-id="${CSS.escape(photo.id)}"]`);
  const card = renderCard(photo);
  if (!existing) {
    if (where === 'start') $('grid').prepend(card); else $('grid').append(card);
  }
  updateGridStatus();
}

function removePhoto(id) {
  photos.delete(id);
  document.querySelector(`#grid [data-id="${CSS.escape(id)}"]`)?.remove();
  if (openId === id) $('detail').close();
  updateGridStatus();
}

function updateGridStatus() {
  const count = $('grid').children.length;
  $('grid-status').textContent = count === 0
    ? (searching ? 'No photos match.' : 'No photos yet. Drop some above to begin.')
    : `${count} photo${count === 1 ? '' : 's'}`;
}

async function loadPage(reset) {
  if (reset) {
    $('grid').replaceChildren();
    nextCursor = null;
  }
  try {
    const page = await api(`photos?limit=${PAGE_SIZE}` + (nextCursor ? `&cursor=${encodeURIComponent(nextCursor)}` : ''));
    page.photos.forEach((p) => showPhoto(p));
    nextCursor = page.nextCursor;
    $('more').hidden = !nextCursor;
    updateGridStatus();
  } catch (e) {
    $('grid-status').textContent = `Could not load the photos: ${e.message}`;
  }
}

// ---- search -----------------------------------------------------------------------------------

let searchTimer = 0;
let searchSeq = 0;

async function runSearch(q) {
  const seq = ++searchSeq;
  if (!q) {
    searching = false;
    $('grid-title').textContent = 'All photos';
    await loadPage(true);
    return;
  }
  searching = true;
  $('grid-title').textContent = `Results for “${q}”`;
  $('more').hidden = true;
  try {
    const result = await api(`search?q=${encodeURIComponent(q)}&limit=60`);
    if (seq !== searchSeq) return;
    $('grid').replaceChildren();
    result.photos.forEach((p) => showPhoto(p));
    updateGridStatus();
  } catch (e) {
    if (seq === searchSeq) $('grid-status').textContent = `Search failed: ${e.message}`;
  }
}

$('search').addEventListener('input', (event) => {
  clearTimeout(searchTimer);
  const q = event.target.value.trim();
  searchTimer = setTimeout(() => runSearch(q), SEARCH_DELAY_MS);
});

$('more').addEventListener('click', () => loadPage(false));

// ---- uploads ----------------------------------------------------------------------------------

const queue = [];
let active = 0;

function addUploadItem(file) {
  const item = document.createElement('li');
  item.className = 'upload';
  item.setAttribute('data-testid', 'upload-item');
  item.dataset.state = 'waiting';
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = file.name;
  const progress = document.createElement('progress');
  progress.max = 100;
  progress.value = 0;
  progress.setAttribute('data-testid', 'upload-progress');
  progress.setAttribute('aria-label', `Upload of ${file.name}`);
  const status = document.createElement('span');
  status.className = 'status';
  status.setAttribute('data-testid', 'upload-status');
  status.textContent = 'Waiting…';
  item.append(name, progress, status);
  $('uploads').prepend(item);
  return item;
}

function setUploadState(item, state, text) {
  item.dataset.state = state;
  item.querySelector('.status').textContent = text;
  if (state === 'ready' || state === 'processing') item.querySelector('progress').value = 100;
  if (state === 'ready') setTimeout(() => item.classList.add('done'), 4000);
}

function enqueue(files) {
  for (const file of files) {
    queue.push({ file, item: addUploadItem(file) });
  }
  pump();
}

function pump() {
  while (active < PARALLEL_UPLOADS && queue.length) {
    const next = queue.shift();
    active++;
    upload(next.file, next.item).finally(() => { active--; pump(); });
  }
}

async function upload(file, item) {
  if (!file.type.startsWith('image/')) {
    setUploadState(item, 'error', 'Not an image');
    return;
  }
  try {
    setUploadState(item, 'uploading', 'Starting…');
    const grant = await api('uploads', {
      method: 'POST',
      body: JSON.stringify({ fileName: file.name, contentType: file.type, size: file.size }),
    });
    item.dataset.uploadId = grant.id;
    uploadsById.set(grant.id, item);
    await put(grant, file, item);
    // The pipeline may have finished before the upload's own answer arrived.
    const latest = latestEvent.get(grant.id);
    if (latest && latest.status !== 'processing') {
      reflectInUpload(latest);
      return;
    }
    setUploadState(item, 'processing', 'Processing…');
    if (!searching && !photos.has(grant.id)) {
      showPhoto({ id: grant.id, key: grant.key, status: 'processing', thumbnails: {}, filters: {}, tags: [] }, 'start');
    }
  } catch (e) {
    setUploadState(item, 'error', e.message);
  }
}

/** PUTs the file to the presigned URL, reporting progress (fetch cannot report upload progress). */
function put(grant, file, item) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(grant.method || 'PUT', grant.uploadUrl);
    for (const [name, value] of Object.entries(grant.headers || {})) xhr.setRequestHeader(name, value);
    const progress = item.querySelector('progress');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) {
        progress.value = Math.round((e.loaded / e.total) * 100);
        item.querySelector('.status').textContent = `${progress.value}%`;
      }
    };
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300
      ? resolve()
      : reject(new Error(`Upload refused (HTTP ${xhr.status})`)));
    xhr.onerror = () => reject(new Error('Upload failed: network error'));
    xhr.send(file);
  });
}

function reflectInUpload(photo) {
  const item = uploadsById.get(photo.id);
  if (!item) return;
  if (photo.status === 'ready') setUploadState(item, 'ready', 'Ready');
  else if (photo.status === 'failed') setUploadState(item, 'failed', `Failed: ${photo.error || 'unknown reason'}`);
  else if (photo.status === 'deleted') item.remove();
}

const dropZone = $('drop-zone');
const fileInput = $('file-input');
dropZone.addEventListener('click', () => fileInput.click());
dropZone.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); fileInput.click(); }
});
fileInput.addEventListener('change', () => { enqueue([...fileInput.files]); fileInput.value = ''; });
for (const type of ['dragenter', 'dragover']) {
  dropZone.addEventListener(type, (e) => { e.preventDefault(); dropZone.classList.add('over'); });
}
for (const type of ['dragleave', 'drop']) {
  dropZone.addEventListener(type, () => dropZone.classList.remove('over'));
}
dropZone.addEventListener('drop', (e) => {
  e.preventDefault();
  enqueue([...e.dataTransfer.files]);
});
// A file dropped outside the zone would otherwise replace the page.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

// ---- live status ------------------------------------------------------------------------------

function onStatus(event) {
  let photo;
  try { photo = JSON.parse(event.data); } catch { return; }
  if (!photo || !photo.id) return;
  latestEvent.set(photo.id, photo);
  reflectInUpload(photo);
  if (photo.status === 'deleted') {
    removePhoto(photo.id);
    return;
  }
  // While searching, only photos already in the results change; otherwise new ones come first.
  const shown = document.querySelector(`#grid [data-id="${CSS.escape(photo.id)}"]`);
  if (shown || !searching) showPhoto(photo, 'start');
  if (openId === photo.id) renderDetail(photo);
}

function connect() {
  const live = $('live');
  const events = new EventSource('api/events');
  events.onopen = () => { live.dataset.state = 'live'; live.textContent = 'Live'; };
  events.onerror = () => { live.dataset.state = 'connecting'; live.textContent = 'Reconnecting…'; };
  events.onmessage = onStatus;
  events.addEventListener('status', onStatus);
}

// ---- detail -----------------------------------------------------------------------------------

function link(href, text, testid, attribute, value) {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  a.target = '_blank';
  a.rel = 'noopener';
  a.setAttribute('data-testid', testid);
  a.setAttribute(attribute, value);
  li.append(a);
  return li;
}

function renderDetail(photo) {
  photos.set(photo.id, photo);
  $('detail-title').textContent = fileName(photo);
  const sizes = sizesOf(photo);
  const image = $('detail-image');
  const largest = sizes.length ? thumbnailUrl(photo, sizes[sizes.length - 1]) : '';
  if (largest) {
    image.src = largest;
    image.hidden = false;
  } else {
    image.removeAttribute('src');
    image.hidden = true;
  }
  image.alt = photo.caption || fileName(photo);
  const facts = [];
  if (photo.width && photo.height) facts.push(`${photo.width} × ${photo.height}`);
  if (photo.bytes) facts.push(formatBytes(photo.bytes));
  if (photo.contentType) facts.push(photo.contentType);
  if (photo.takenAt) facts.push(`taken ${new Date(photo.takenAt).toLocaleString()}`);
  $('detail-info').textContent = facts.join(' · ');
  const status = $('detail-status');
  status.textContent = statusText(photo);
  status.className = `badge ${photo.status}`;
  $('detail-error').hidden = photo.status !== 'failed';
  $('detail-error').textContent = photo.error || '';
  $('detail-sizes').replaceChildren(...sizes.map((s) => link(thumbnailUrl(photo, s), `${s} px`, 'size-link', 'data-size', s)));
  if (!sizes.length) $('detail-sizes').append(noneYet());
  const filters = Object.entries(photo.filters || {});
  $('detail-filters').replaceChildren(...filters.map(([name, url]) => link(url, name, 'filter-link', 'data-filter', name)));
  if (!filters.length) $('detail-filters').append(noneYet());
  $('filter-apply').disabled = photo.status !== 'ready';
  if (document.activeElement !== $('tags-input')) $('tags-input').value = (photo.tags || []).join(', ');
  if (document.activeElement !== $('caption-input')) $('caption-input').value = photo.caption || '';
}

function noneYet() {
  const none = document.createElement('li');
  none.className = 'muted';
  none.textContent = 'None yet';
  return none;
}

function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function openDetail(id) {
  openId = id;
  $('edit-message').textContent = '';
  $('delete-confirm').hidden = true;
  $('delete').hidden = false;
  renderDetail(photos.get(id));
  if (!$('detail').open) $('detail').showModal();
  try {
    renderDetail(await api(`photos/${encodeURIComponent(id)}`));
  } catch (e) {
    $('edit-message').textContent = e.message;
  }
}

$('detail').addEventListener('close', () => {
  const id = openId;
  openId = null;
  document.querySelector(`#grid [data-id="${CSS.escape(id || '')}"] button`)?.focus();
});
$('detail-close').addEventListener('click', () => $('detail').close());

$('edit-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const tags = $('tags-input').value.split(',').map((t) => t.trim()).filter(Boolean);
  const caption = $('caption-input').value.trim();
  $('edit-message').textContent = 'Saving…';
  try {
    const photo = await api(`photos/${encodeURIComponent(openId)}`, {
      method: 'PATCH',
      body: JSON.stringify({ tags, caption: caption || null }),
    });
    showPhoto(photo);
    $('tags-input').blur();
    $('caption-input').blur();
    renderDetail(photo);
    $('edit-message').textContent = 'Saved';
  } catch (err) {
    $('edit-message').textContent = err.message;
  }
});

$('filter-apply').addEventListener('click', async () => {
  const name = $('filter-select').value;
  const button = $('filter-apply');
  button.disabled = true;
  $('edit-message').textContent = `Applying ${name}…`;
  try {
    const photo = await api(`photos/${encodeURIComponent(openId)}/filters/${encodeURIComponent(name)}`, { method: 'POST' });
    renderDetail(photo);
    $('edit-message').textContent = `${name} applied`;
  } catch (err) {
    $('edit-message').textContent = err.message;
  } finally {
    button.disabled = false;
  }
});

$('delete').addEventListener('click', () => {
  $('delete').hidden = true;
  $('delete-confirm').hidden = false;
  $('delete-confirm').focus();
});

$('delete-confirm').addEventListener('click', async () => {
  const id = openId;
  try {
    await api(`photos/${encodeURIComponent(id)}`, { method: 'DELETE' });
    removePhoto(id);
  } catch (err) {
    $('edit-message').textContent = err.message;
  }
});

// ---- start ------------------------------------------------------------------------------------

connect();
loadPage(true);
