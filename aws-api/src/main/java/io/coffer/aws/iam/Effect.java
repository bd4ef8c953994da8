package io.coffer.aws.iam;

/** A statement's Effect. */
public enum Effect {
    ALLOW, DENY
}
