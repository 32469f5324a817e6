package io.batchflux.http;

import io.batchflux.BatchTransportException;
import io.batchflux.BatchfluxException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

/**
 * Classifies low-level exceptions into {@link BatchTransportException}s with a readable message and the one
 * fact the retry logic needs: could the server have processed the request?
 */
final class TransportFailures {
    private TransportFailures() {}

    static Throwable wrap(Throwable error, ApiCall call, String baseUrl) {
        if (error instanceof BatchfluxException) {
            return error;
        }
        String what = call.describe();
        // each kind is looked for down the whole cause chain: Netty puts its own causes under the JDK's
        // (a DNS answer under UnknownHostException, a certificate path under SSLHandshakeException)
        if (find(error, ConnectException.class) instanceof ConnectException refused) {
            return new BatchTransportException(what, "cannot connect to " + baseUrl + " (" + refused.getMessage()
                    + "); is the server running and OPENAI_BASE_URL right?", false, error);
        }
        if (find(error, UnknownHostException.class) != null || find(error, UnresolvedAddressException.class) != null) {
            return new BatchTransportException(what, "cannot resolve the host of " + baseUrl
                    + "; check OPENAI_BASE_URL and the network", false, error);
        }
        if (find(error, PoolAcquireTimeoutException.class) != null) {
            return new BatchTransportException(what, "no connection became free in time", false, error);
        }
        if (find(error, SSLException.class) instanceof SSLException tls) {
            String trust = find(error, CertPathBuilderException.class) != null
                    || find(error, CertificateException.class) != null
                    ? " (the server's certificate is not trusted by this JVM: for a private certificate authority,"
                            + " run java with -Djavax.net.ssl.trustStore=<a store holding it>)"
                    : "";
            return new BatchTransportException(what, "TLS failure talking to " + baseUrl + ": " + tls.getMessage()
                    + trust, false, error);
        }
        if (find(error, ReadTimeoutException.class) != null || find(error, TimeoutException.class) != null) {
            return new BatchTransportException(what, "the server at " + baseUrl
                    + " went silent for longer than the idle read timeout", true, error);
        }
        if (find(error, PrematureCloseException.class) != null) {
            return new BatchTransportException(what, "the connection to " + baseUrl + " closed early ("
                    + error.getMessage() + ")", true, error);
        }
        if (find(error, java.io.IOException.class) instanceof java.io.IOException io) {
            return new BatchTransportException(what, "I/O failure talking to " + baseUrl + ": " + io,
                    true, error);
        }
        return error;
    }

    /** The first throwable of {@code type} in {@code error}'s cause chain (itself included), or null. */
    private static @Nullable Throwable find(Throwable error, Class<? extends Throwable> type) {
        Throwable t = error;
        for (int depth = 0; depth < 10 && t != null; depth++) {
            if (type.isInstance(t)) {
                return t;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return null;
    }
}
