package io.cumulo.core.manifest;

/** Something that invokes a function by itself: a schedule, a bucket's object events, a table's changes. */
public sealed interface Trigger permits ScheduleTrigger, BucketTrigger, TableTrigger {}
