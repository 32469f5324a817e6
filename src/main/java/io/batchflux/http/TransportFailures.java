package io.batchflux.http;

import io.batchflux.BatchTransportException;
import io.batchflux.BatchfluxException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
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
        Throwable root = rootOf(error);
        String what = call.describe();
        if (root instanceof ConnectException) {
            return new BatchTransportException(what, "cannot connect to " + baseUrl + " (" + root.getMessage()
                    + "); is the server running and OPENAI_BASE_URL right?", false, error);
        }
        if (root instanceof UnknownHostException || root instanceof UnresolvedAddressException) {
            return new BatchTransportException(what, "cannot resolve the host of " + baseUrl
                    + "; check OPENAI_BASE_URL and the network", false, error);
        }
        if (root instanceof PoolAcquireTimeoutException) {
            return new BatchTransportException(what, "no connection became free in time", false, error);
        }
        if (root instanceof SSLException) {
            return new BatchTransportException(what, "TLS failure talking to " + baseUrl + ": " + root.getMessage(),
                    false, error);
        }
        if (root instanceof ReadTimeoutException || root instanceof TimeoutException) {
            return new BatchTransportException(what, "the server at " + baseUrl
                    + " went silent for longer than the idle read timeout", true, error);
        }
        if (error instanceof PrematureCloseException || root instanceof PrematureCloseException) {
            return new BatchTransportException(what, "the connection to " + baseUrl + " closed early ("
                    + error.getMessage() + ")", true, error);
        }
        if (root instanceof java.io.IOException) {
            return new BatchTransportException(what, "I/O failure talking to " + baseUrl + ": " + root,
                    true, error);
        }
        return error;
    }

    private static Throwable rootOf(Throwable error) {
        Throwable t = error;
        for (int depth = 0; depth < 10 && t.getCause() != null && t.getCause() != t; depth++) {
            if (t instanceof ConnectException || t instanceof PrematureCloseException) {
                return t;
            }
            t = t.getCause();
        }
        return t;
    }
}
