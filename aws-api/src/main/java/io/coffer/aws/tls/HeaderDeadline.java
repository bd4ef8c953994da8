package io.coffer.aws.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.jboss.logging.Logger;

/**
 * Closes an HTTPS connection whose first request head has not fully arrived {@link #TIMEOUT_SECONDS} after its TLS
 * handshake, so a client that trickles its headers (slowloris) cannot hold connections open; the idle timeout alone
 * never fires while bytes keep coming. Vert.x has no such deadline, so it sits between TLS and HTTP: the handshake's
 * completion adds a handler that watches the decrypted bytes for the blank line ending the head, then leaves the
 * pipeline. Later requests on a kept-alive connection are bounded by the idle timeout.
 */
final class HeaderDeadline {

    static final long TIMEOUT_SECONDS = 10;
    private static final Logger LOG = Logger.getLogger(HeaderDeadline.class);

    private HeaderDeadline() {
    }

    /** BoringSSL (netty-tcnative), with the deadline. */
    static final class OpenSsl extends OpenSSLEngineOptions {

        OpenSsl() {
        }

        OpenSsl(OpenSsl other) {
            super(other);
        }

        @Override
        public OpenSsl copy() {
            return new OpenSsl(this);
        }

        @Override
        public SslContextFactory sslContextFactory() {
            return new Factory(super.sslContextFactory());
        }
    }

    /** The JDK's TLS, with the deadline. */
    static final class Jdk extends JdkSSLEngineOptions {

        Jdk() {
        }

        Jdk(Jdk other) {
            super(other);
        }

        @Override
        public Jdk copy() {
            return new Jdk(this);
        }

        @Override
        public SslContextFactory sslContextFactory() {
            return new Factory(super.sslContextFactory());
        }
    }

    /** The engine's own factory; the contexts it makes put the deadline on each server connection. */
    private record Factory(SslContextFactory delegate) implements SslContextFactory {

        @Override
        public SslContextFactory useAlpn(boolean useAlpn) {
            delegate.useAlpn(useAlpn);
            return this;
        }

        @Override
        public SslContextFactory clientAuth(ClientAuth clientAuth) {
            delegate.clientAuth(clientAuth);
            return this;
        }

        @Override
        public SslContextFactory forClient(boolean forClient) {
            delegate.forClient(forClient);
            return this;
        }

        @Override
        public SslContextFactory keyMananagerFactory(KeyManagerFactory factory) {
            delegate.keyMananagerFactory(factory);
            return this;
        }

        @Override
        public SslContextFactory trustManagerFactory(TrustManagerFactory factory) {
            delegate.trustManagerFactory(factory);
            return this;
        }

        @Override
        public SslContextFactory enabledCipherSuites(Set<String> cipherSuites) {
            delegate.enabledCipherSuites(cipherSuites);
            return this;
        }

        @Override
        public SslContextFactory applicationProtocols(List<String> protocols) {
            delegate.applicationProtocols(protocols);
            return this;
        }

        @Override
        public SslContextFactory serverName(String serverName) {
            delegate.serverName(serverName);
            return this;
        }

        @Override
        public SslContext create() throws SSLException {
            SslContext context = delegate.create();
            return context.isServer() ? new Guarded(context) : context;
        }
    }

    private static final class Guarded extends DelegatingSslContext {

        Guarded(SslContext context) {
            super(context);
        }

        @Override
        protected void initEngine(SSLEngine engine) {
        }

        @Override
        protected void initHandler(SslHandler handler) {
            handler.handshakeFuture().addListener(handshake -> {
                if (handshake.isSuccess()) {
                    Channel channel = (Channel) handshake.getNow();
                    ChannelHandlerContext tls = channel.pipeline().context(handler);
                    if (tls != null) {
                        channel.pipeline().addAfter(tls.name(), "coffer-header-deadline", new FirstRequestHead());
                    }
                }
            });
        }
    }

    /** Passes every byte on; closes the connection if no blank line (CR LF CR LF) comes in time. */
    static final class FirstRequestHead extends ChannelInboundHandlerAdapter {

        private static final byte[] END = {'\r', '\n', '\r', '\n'};
        private int matched;
        private ScheduledFuture<?> deadline;

        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            deadline = context.executor().schedule(() -> {
                LOG.debugf("closing %s: no complete request head within %d s of the TLS handshake",
                        context.channel().remoteAddress(), TIMEOUT_SECONDS);
                context.close();
            }, TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext context) {
            if (deadline != null) {
                deadline.cancel(false);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof ByteBuf bytes && headEnds(bytes)) {
                context.pipeline().remove(this);
            }
            context.fireChannelRead(message);
        }

        /** Whether the head's blank line is among these bytes; reads without consuming them. */
        private boolean headEnds(ByteBuf bytes) {
            for (int i = bytes.readerIndex(); i < bytes.writerIndex(); i++) {
                byte b = bytes.getByte(i);
                matched = b == END[matched] ? matched + 1 : b == '\r' ? 1 : 0;
                if (matched == END.length) {
                    return true;
                }
            }
            return false;
        }
    }
}
