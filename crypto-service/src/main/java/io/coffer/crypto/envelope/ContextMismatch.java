package io.coffer.crypto.envelope;

import io.coffer.kernel.AwsException;
import io.coffer.kernel.EncryptionContext;
import java.util.Map;
import java.util.TreeSet;

/** The expected and the message's encryption context differ; the error names keys only, never values. */
final class ContextMismatch {

    private ContextMismatch() {
    }

    static void check(EncryptionContext expected, EncryptionContext actual) {
        if (expected.equals(actual)) {
            return;
        }
        Map<String, String> want = expected.asMap();
        Map<String, String> have = actual.asMap();
        TreeSet<String> missing = new TreeSet<>(want.keySet());
        missing.removeAll(have.keySet());
        TreeSet<String> unexpected = new TreeSet<>(have.keySet());
        unexpected.removeAll(want.keySet());
        TreeSet<String> different = new TreeSet<>();
        want.forEach((k, v) -> {
            if (have.containsKey(k) && !have.get(k).equals(v)) {
                different.add(k);
            }
        });
        StringBuilder message = new StringBuilder("The message's encryption context is not the expected one:");
        if (!missing.isEmpty()) {
            message.append(" missing keys ").append(missing).append(';');
        }
        if (!unexpected.isEmpty()) {
            message.append(" unexpected keys ").append(unexpected).append(';');
        }
        if (!different.isEmpty()) {
            message.append(" different values for keys ").append(different).append(';');
        }
        message.setLength(message.length() - 1);
        throw AwsException.client("EncryptionContextMismatchException", message.toString());
    }
}
