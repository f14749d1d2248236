/**
 * Cumulo's Amazon States Language engine (JSONPath dialect).
 *
 * <p>{@link io.cumulo.workflows.StateMachine#parse} validates a definition and reports every
 * problem at once. An {@link io.cumulo.workflows.Execution} is the complete, JSON-serialisable
 * state of one run. The {@link io.cumulo.workflows.Interpreter} advances it one explicit {@link
 * io.cumulo.workflows.Step} at a time and performs no I/O:
 *
 * <pre>{@code
 * Execution execution = Execution.start(machine, id, name, input, clock.instant());
 * while (true) {
 *   Step step = interpreter.step(execution, clock.instant());
 *   store(execution.toJson(), step.events());          // persist before acting
 *   switch (step) {
 *     case Step.Advanced a -> {}                         // step again
 *     case Step.RunTask t -> {                           // possibly on another thread
 *       JsonNode out = invoker.invoke(t.resource(), t.input(), t.idempotencyKey(), t.timeout());
 *       store(execution.toJson(), interpreter.completeTask(execution, t.positionId(), out, now));
 *     }
 *     case Step.Idle i -> sleepUntil(i.wakeAt());        // a Wait, a retry delay, or tasks out
 *     case Step.Succeeded s -> { return; }
 *     case Step.Failed f -> { return; }
 *   }
 * }
 * }</pre>
 *
 * <p>After a crash, {@link io.cumulo.workflows.Execution#recover} restores the last stored state:
 * Waits keep their deadline, and a task that was handed out but not reported is handed out again
 * with the same idempotency key. {@link io.cumulo.workflows.WorkflowRunner} is the in-memory
 * driver. An execution is not thread-safe: a driver that runs tasks concurrently serialises its
 * calls on one execution.
 */
package io.cumulo.workflows;
