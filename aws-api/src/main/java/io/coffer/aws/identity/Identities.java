package io.coffer.aws.identity;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The identity directory in force. Loaded from the identities file at start (a bad file stops the start) and
 * re-read when the file changes: a valid new version replaces the old one whole, a bad one is refused with its line
 * and field logged and the previous version stays in force. Every version that comes into force, the first
 * included, is announced as an {@link IdentitiesLoaded} CDI event.
 */
@ApplicationScoped
public class Identities {

    private static final Logger LOG = Logger.getLogger(Identities.class);
    static final String BUILT_IN = "/META-INF/coffer/identities-local.yaml";

    private final IdentityConfig config;
    private final Event<IdentitiesLoaded> loaded;
    private final SealedSecrets sealed;
    private volatile IdentityDirectory current;
    private volatile byte[] currentBytes;
    private volatile String refusal;
    private ScheduledExecutorService watcher;

    public Identities(IdentityConfig config, Event<IdentitiesLoaded> loaded) throws IOException {
        this.config = config;
        this.loaded = loaded;
        this.sealed = config.secretsKeyFile().isPresent() ? SealedSecrets.load(config.secretsKeyFile().get()) : null;
    }

    /** The version in force. */
    public IdentityDirectory current() {
        IdentityDirectory directory = current;
        if (directory == null) {
            synchronized (this) {
                if (current == null) {
                    load(read());
                }
                directory = current;
            }
        }
        return directory;
    }

    void onStart(@Observes StartupEvent start) {
        IdentityDirectory directory = current();
        loaded.fire(new IdentitiesLoaded(directory));
        config.file().ifPresent(file -> {
            watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "coffer-identities-watcher");
                t.setDaemon(true);
                return t;
            });
            long every = config.reloadInterval().toMillis();
            watcher.scheduleWithFixedDelay(this::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
        });
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    /**
     * Re-reads the file and brings a changed, valid version into force.
     *
     * @return whether a new version came into force
     */
    public synchronized boolean reloadIfChanged() {
        byte[] bytes;
        try {
            bytes = read();
        } catch (RuntimeException e) {
            LOG.errorf("Identities file unreadable, keeping version %s: %s", current.version(), e.getMessage());
            return false;
        }
        if (Arrays.equals(bytes, currentBytes)) {
            return false;
        }
        try {
            IdentityDirectory previous = current;
            load(bytes);
            LOG.infof("Identities version %s in force (was %s)", current.version(), previous.version());
        } catch (IdentityFileException e) {
            // remember the refused bytes, so the same bad file is reported once, not every interval
            currentBytes = bytes;
            refusal = e.getMessage();
            LOG.errorf("Identities file refused, version %s stays in force: %s", current.version(), e.getMessage());
            return false;
        }
        loaded.fire(new IdentitiesLoaded(current));
        return true;
    }

    private void load(byte[] bytes) {
        IdentityDirectory directory = IdentityFile.parse(bytes, sealed);
        current = directory;
        currentBytes = bytes;
        refusal = null;
    }

    /** Why the file as it is now was refused (line, field, reason), or {@code null} if it is the one in force. */
    public String refusal() {
        return refusal;
    }

    private byte[] read() {
        if (config.file().isPresent()) {
            Path file = config.file().get();
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read identities file " + file, e);
            }
        }
        if (!config.builtInLocal()) {
            throw new IllegalStateException("No identities file: set coffer.identity.file (env COFFER_IDENTITY_FILE)");
        }
        try (InputStream in = Identities.class.getResourceAsStream(BUILT_IN)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A version of the identities came into force. */
    public record IdentitiesLoaded(IdentityDirectory directory) {
    }
}
