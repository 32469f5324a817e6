package io.batchflux.cli;

/** The command line or the environment is wrong: reported as one line and exit code 2, nothing was sent. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
