package io.coffer.platform.iam;

/** A statement's Effect. */
public enum Effect {
    ALLOW, DENY
}
