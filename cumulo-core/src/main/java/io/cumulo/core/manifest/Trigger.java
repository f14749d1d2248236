package io.cumulo.core.manifest;

/** Something that invokes a function by itself. Later issues add HTTP, queue and table triggers. */
public sealed interface Trigger permits ScheduleTrigger, BucketTrigger {}
