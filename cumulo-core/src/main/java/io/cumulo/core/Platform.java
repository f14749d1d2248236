package io.cumulo.core;

import io.cumulo.core.channels.ChannelHub;
import io.cumulo.core.deploy.AppDeployer;
import io.cumulo.core.events.EventLog;
import io.cumulo.core.logs.FunctionLogs;
import io.cumulo.core.metering.Metering;
import io.cumulo.core.runtime.EventDispatcher;
import io.cumulo.core.runtime.FunctionRuntime;
import io.cumulo.core.runtime.InvocationRecorder;
import io.cumulo.core.services.ServiceSupervisor;
import io.cumulo.core.state.StateStore;
import io.cumulo.core.tables.TableStore;
import io.cumulo.core.workflows.Workflows;

/**
 * The running parts of one Cumulo node, as the fronts (admin API, gateway) see them. The server
 * module builds it; nothing here owns the lifecycle.
 */
public record Platform(
    FunctionRuntime runtime,
    AppDeployer deployer,
    StateStore state,
    EventLog events,
    FunctionLogs logs,
    EventDispatcher dispatcher,
    InvocationRecorder recorder,
    Metering metering,
    ServiceSupervisor services,
    TableStore tables,
    ChannelHub channels,
    Workflows workflows) {}
