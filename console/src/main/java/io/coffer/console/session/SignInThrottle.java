package io.coffer.console.session;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Slows down guessing at the sign-in form: an address with {@value #FAILURES} refused sign-ins in the last
 * {@link #WINDOW} is refused further attempts until the oldest of them leaves the window, before any service is
 * asked. A success does not clear the count: it would let a guesser with one valid key pair reset it.
 */
@ApplicationScoped
public class SignInThrottle {

    static final int FAILURES = 10;
    static final Duration WINDOW = Duration.ofMinutes(5);
    /** Addresses remembered at most; past it, the quietest are forgotten first. */
    private static final int ADDRESSES = 10_000;

    private final ConcurrentMap<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    /** @throws SignInRefusedException ThrottlingException if {@code address} has failed too often of late */
    public void check(String address) {
        Deque<Instant> recent = failures.get(address);
        if (recent == null) {
            return;
        }
        synchronized (recent) {
            Instant now = clock.instant();
            recent.removeIf(t -> t.plus(WINDOW).isBefore(now));
            if (recent.size() >= FAILURES) {
                long wait = Duration.between(now, recent.peekFirst().plus(WINDOW)).toSeconds() + 1;
                throw new SignInRefusedException("ThrottlingException",
                        "Too many refused sign-ins from your address; try again in " + wait + " s.");
            }
        }
    }

    /** Counts a refused sign-in from {@code address}. */
    public void failed(String address) {
        if (failures.size() >= ADDRESSES) {
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return e.getValue().isEmpty() || e.getValue().peekLast().plus(WINDOW).isBefore(clock.instant());
                }
            });
        }
        Deque<Instant> recent = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(clock.instant());
            while (recent.size() > FAILURES) {
                recent.removeFirst();
            }
        }
    }
}
