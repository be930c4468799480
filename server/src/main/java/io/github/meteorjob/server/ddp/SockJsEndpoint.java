package io.github.meteorjob.server.ddp;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.glassfish.tyrus.core.TyrusSession;

/**
 * The SockJS WebSocket transport at {@code /sockjs/<server>/<session>/websocket}: the same DDP
 * connection as {@link DdpEndpoint}, in {@link SockJs} framing. One instance per connection
 * (public only for Tyrus).
 */
public final class SockJsEndpoint extends Endpoint {

    private static final System.Logger LOG = System.getLogger(SockJsEndpoint.class.getName());

    private final DdpServer server;
    private DdpConnection connection;

    SockJsEndpoint(DdpServer server) {
        this.server = server;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        server.socketOpened();
        session.setMaxTextMessageBufferSize(server.options().maxFrameSize());
        session.setMaxIdleTimeout(0); // the DDP heartbeat decides when a peer is dead
        String address = session instanceof TyrusSession ts ? ts.getRemoteAddr() : null;
        connection = server.connectionOpened(session, address, HandshakeGate.openingTransport(), true);
        if (connection == null) {
            return;
        }
        DdpConnection c = connection;
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) frame -> {
            java.util.List<String> messages;
            try {
                messages = SockJs.messages(frame);
            } catch (IllegalArgumentException e) {
                // as sockjs-node: broken framing ends the session
                LOG.log(System.Logger.Level.DEBUG, "closing SockJS connection: {0}", e.getMessage());
                c.close(CloseReason.CloseCodes.PROTOCOL_ERROR, "Broken framing.");
                return;
            }
            messages.forEach(c::onText);
        });
        c.opened();
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        server.socketClosed();
        if (connection != null) {
            connection.socketClosed();
            connection.closed();
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        LOG.log(System.Logger.Level.DEBUG, "SockJS WebSocket error", error);
    }
}
