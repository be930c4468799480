package io.github.meteorjob.server.ddp;

/**
 * The SockJS WebSocket transport at {@code /sockjs/<server>/<session>/websocket}: the same DDP
 * connection as {@link DdpEndpoint}, in {@link SockJs} framing. A class of its own because Tyrus
 * deploys one endpoint class per path (public only for Tyrus).
 */
public final class SockJsEndpoint extends DdpEndpoint {

    SockJsEndpoint(DdpServer server) {
        super(server, true);
    }
}
