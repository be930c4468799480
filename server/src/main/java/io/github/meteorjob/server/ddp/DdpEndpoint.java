package io.github.meteorjob.server.ddp;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.glassfish.tyrus.core.TyrusSession;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The WebSocket endpoint at {@code /websocket}; one instance per connection (public and not final only for
 * Tyrus and {@link SockJsEndpoint}, the same connection in SockJS framing).
 */
public class DdpEndpoint extends Endpoint {

    private static final System.Logger LOG = System.getLogger(DdpEndpoint.class.getName());

    private final DdpServer server;
    private final boolean sockJs;
    private DdpConnection connection;

    DdpEndpoint(DdpServer server) {
        this(server, false);
    }

    DdpEndpoint(DdpServer server, boolean sockJs) {
        this.server = server;
        this.sockJs = sockJs;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        server.socketOpened();
        session.setMaxTextMessageBufferSize(server.options().maxFrameSize());
        session.setMaxIdleTimeout(0); // the DDP heartbeat decides when a peer is dead
        String address = session instanceof TyrusSession ts ? ts.getRemoteAddr() : null;
        connection = server.connectionOpened(session, address, HandshakeGate.openingTransport(), sockJs);
        if (connection == null) {
            return;
        }
        DdpConnection c = connection;
        if (sockJs) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) frame -> onSockJsFrame(c, frame));
        } else {
            session.setMaxBinaryMessageBufferSize(server.options().maxFrameSize());
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) c::onText);
            session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) c::onBinary);
        }
        c.opened();
    }

    /** A SockJS frame carries an array of DDP messages. */
    private static void onSockJsFrame(DdpConnection c, String frame) {
        List<String> messages;
        try {
            messages = SockJs.messages(frame);
        } catch (IllegalArgumentException e) {
            // as sockjs-node: broken framing ends the session
            LOG.log(System.Logger.Level.DEBUG, "closing SockJS connection: {0}", e.getMessage());
            c.close(CloseReason.CloseCodes.PROTOCOL_ERROR, "Broken framing.");
            return;
        }
        messages.forEach(c::onText);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        server.socketClosed();
        if (connection != null) {
            connection.closed();
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        LOG.log(System.Logger.Level.DEBUG, sockJs ? "SockJS WebSocket error" : "WebSocket error", error);
    }
}
