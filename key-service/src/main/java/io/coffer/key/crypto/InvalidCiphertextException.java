package io.coffer.key.crypto;

import io.coffer.kernel.AwsException;

/** KMS's answer to any ciphertext that does not authenticate: never says which part was wrong. */
public class InvalidCiphertextException extends AwsException {

    public InvalidCiphertextException() {
        super("InvalidCiphertextException", 400, "The ciphertext is not one this account's keys made in this "
                + "region, was changed, or was made under another encryption context");
    }
}
