package io.coffer.key.crypto;

import io.coffer.kernel.AwsException;

/**
 * KMS's answer to any ciphertext that does not authenticate: never says which part was wrong. Its message is empty,
 * as AWS's is (suites recorded against AWS compare it).
 */
public class InvalidCiphertextException extends AwsException {

    public InvalidCiphertextException() {
        super("InvalidCiphertextException", 400, "");
    }
}
