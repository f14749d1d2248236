// The contact form: posts JSON to the submit function and shows its answer field by field.
"use strict";

(() => {
  const FIELDS = ["name", "email", "message"];
  const form = document.getElementById("contact");
  const button = document.getElementById("send");
  const success = document.getElementById("success");
  const submissionId = document.getElementById("submission-id");
  const failure = document.getElementById("failure");

  // The key of the content last sent without a definite answer. Retrying the same content reuses
  // it, so a request that did arrive before the connection dropped is not stored twice.
  let pending = null;

  function newKey() {
    if (crypto.randomUUID) {
      return crypto.randomUUID();
    }
    // randomUUID exists only on secure origins (https, localhost); getRandomValues everywhere.
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function values() {
    const data = {};
    for (const field of FIELDS) {
      data[field] = form.elements[field].value;
    }
    return data;
  }

  function showFieldErrors(errors) {
    for (const field of FIELDS) {
      const input = form.elements[field];
      const message = document.getElementById(`${field}-error`);
      if (errors[field]) {
        message.textContent = errors[field];
        message.hidden = false;
        input.setAttribute("aria-invalid", "true");
      } else {
        message.textContent = "";
        message.hidden = true;
        input.removeAttribute("aria-invalid");
      }
    }
  }

  function showFailure(text) {
    failure.textContent = text;
    failure.hidden = false;
  }

  function clearNotices() {
    success.hidden = true;
    failure.hidden = true;
    failure.textContent = "";
  }

  function setSending(sending) {
    button.disabled = sending;
    button.textContent = sending ? "Sending…" : "Send message";
    form.setAttribute("aria-busy", String(sending));
  }

  async function readJson(response) {
    try {
      return await response.json();
    } catch {
      return {};
    }
  }

  async function send(event) {
    event.preventDefault();
    clearNotices();
    const data = values();
    const content = JSON.stringify(data);
    if (!pending || pending.content !== content) {
      pending = { content, key: newKey() };
    }
    setSending(true);
    let response;
    try {
      response = await fetch("api/submissions", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": pending.key },
        body: content,
      });
    } catch {
      showFailure("Your message could not be sent: the connection failed. Check it and press Send again.");
      setSending(false);
      return;
    }
    const body = await readJson(response);
    setSending(false);
    if (response.status === 200 || response.status === 201) {
      pending = null;
      showFieldErrors({});
      form.reset();
      submissionId.textContent = body.id;
      success.hidden = false;
      success.focus();
    } else if (response.status === 422 && body.errors) {
      showFieldErrors(body.errors);
      const first = FIELDS.find((field) => body.errors[field]);
      form.elements[first].focus();
    } else if (response.status === 429 || response.status >= 500) {
      // No definite answer: keep the key so pressing Send again cannot store the message twice.
      showFailure("Your message could not be sent right now. Please press Send again in a moment.");
    } else {
      pending = null;
      showFieldErrors({});
      showFailure(body.detail || `Your message could not be sent (error ${response.status}).`);
    }
  }

  form.addEventListener("submit", send);
})();
