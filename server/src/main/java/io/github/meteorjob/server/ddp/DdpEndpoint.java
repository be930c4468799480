package io.github.meteorjob.server.ddp;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.glassfish.tyrus.core.TyrusSession;

import java.nio.ByteBuffer;

/** The WebSocket endpoint at {@code /websocket}; one instance per connection (public only for Tyrus). */
public final class DdpEndpoint extends Endpoint {

    private static final System.Logger LOG = System.getLogger(DdpEndpoint.class.getName());

    private final DdpServer server;
    private DdpConnection connection;

    DdpEndpoint(DdpServer server) {
        this.server = server;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        server.socketOpened();
        session.setMaxTextMessageBufferSize(server.options().maxFrameSize());
        session.setMaxBinaryMessageBufferSize(server.options().maxFrameSize());
        session.setMaxIdleTimeout(0); // the DDP heartbeat decides when a peer is dead
        String address = session instanceof TyrusSession ts ? ts.getRemoteAddr() : null;
        connection = server.connectionOpened(session, address, HandshakeGate.openingTransport());
        if (connection == null) {
            return;
        }
        DdpConnection c = connection;
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) c::onText);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) c::onBinary);
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
        LOG.log(System.Logger.Level.DEBUG, "WebSocket error", error);
    }
}
