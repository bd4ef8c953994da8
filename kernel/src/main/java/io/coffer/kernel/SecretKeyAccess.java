package io.coffer.kernel;

/**
 * The token that reading a {@link SecretBytes} requires, as Tink's {@code SecretKeyAccess}: code that handles key
 * bytes has to ask for it by name, so every place that sees them is found by searching for this class.
 */
public final class SecretKeyAccess {

    private static final SecretKeyAccess INSTANCE = new SecretKeyAccess();

    private SecretKeyAccess() {
    }

    /** Only for code that puts key bytes into a cipher, wraps them or writes them where they are protected. */
    public static SecretKeyAccess get() {
        return INSTANCE;
    }
}
