package io.coffer.key.kms;

import static io.coffer.key.kms.RequestChecks.dryRun;
import static io.coffer.key.kms.RequestChecks.refuseRecipient;
import static io.coffer.key.kms.RequestChecks.required;
import static io.coffer.key.kms.RequestChecks.requireUsage;

import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.key.crypto.InvalidMessageException;
import io.coffer.key.crypto.Kem;
import io.coffer.key.crypto.KeyAgreement;
import io.coffer.key.crypto.KeySpec;
import io.coffer.key.crypto.KeyUsage;
import io.coffer.key.crypto.MacAlgorithm;
import io.coffer.key.crypto.MessageType;
import io.coffer.key.crypto.SigningAlgorithm;
import io.coffer.key.keys.KeyMaterialVault;
import io.coffer.key.keys.KeyResolver;
import io.coffer.key.keys.KeyState;
import io.coffer.key.keys.KmsErrors;
import io.coffer.key.kms.KmsShapes.DecapsulateRequest;
import io.coffer.key.kms.KmsShapes.DecapsulateResponse;
import io.coffer.key.kms.KmsShapes.DeriveSharedSecretRequest;
import io.coffer.key.kms.KmsShapes.DeriveSharedSecretResponse;
import io.coffer.key.kms.KmsShapes.EncapsulateRequest;
import io.coffer.key.kms.KmsShapes.EncapsulateResponse;
import io.coffer.key.kms.KmsShapes.GenerateMacRequest;
import io.coffer.key.kms.KmsShapes.GenerateMacResponse;
import io.coffer.key.kms.KmsShapes.GetPublicKeyRequest;
import io.coffer.key.kms.KmsShapes.GetPublicKeyResponse;
import io.coffer.key.kms.KmsShapes.SignRequest;
import io.coffer.key.kms.KmsShapes.SignResponse;
import io.coffer.key.kms.KmsShapes.VerifyMacRequest;
import io.coffer.key.kms.KmsShapes.VerifyMacResponse;
import io.coffer.key.kms.KmsShapes.VerifyRequest;
import io.coffer.key.kms.KmsShapes.VerifyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;

/**
 * The operations of asymmetric and HMAC keys: signatures, MACs, ECDH key agreement, ML-KEM encapsulation and
 * public keys. Private and
 * HMAC key material is only lent by the vault for the one operation. Read-only, so without a transaction.
 */
@ApplicationScoped
public class KeySigning {

    /** Asymmetric and HMAC keys never rotate: their only material is version 1. */
    private static final int MATERIAL = 1;
    private static final int MAX_SIGNATURE = 6144;
    private static final List<String> MESSAGE_TYPES = Arrays.stream(MessageType.values()).map(Enum::name).toList();
    /** In the order KMS lists them in its enum error. */
    private static final List<String> MAC_ALGORITHMS = List.of("HMAC_SHA_384", "HMAC_SHA_256", "HMAC_SHA_224",
            "HMAC_SHA_512");

    private final KeyResolver resolver;
    private final KeyMaterialVault vault;

    public KeySigning(KeyResolver resolver, KeyMaterialVault vault) {
        this.resolver = resolver;
        this.vault = vault;
    }

    public SignResponse sign(Caller caller, SignRequest request) {
        SigningAlgorithm algorithm = signingAlgorithm(request.signingAlgorithm());
        MessageType type = messageType(request.messageType());
        byte[] message = required(request.message(), "message", SigningAlgorithm.MAX_MESSAGE);
        KeyState key = signingKey(caller, "kms:Sign", request.keyId(), algorithm);
        dryRun(request.dryRun());
        byte[] signature = onKey(key, () -> vault.withPrivateKey(key.keyId(), MATERIAL, key.spec(),
                privateKey -> algorithm.sign(privateKey, message, type)));
        return new SignResponse(key.arn(), signature, algorithm.name());
    }

    /**
     * A valid signature answers SignatureValid true; any other is KMSInvalidSignatureException with an empty message,
     * as in KMS: nothing about why.
     */
    public VerifyResponse verify(Caller caller, VerifyRequest request) {
        SigningAlgorithm algorithm = signingAlgorithm(request.signingAlgorithm());
        MessageType type = messageType(request.messageType());
        byte[] message = required(request.message(), "message", SigningAlgorithm.MAX_MESSAGE);
        byte[] signature = required(request.signature(), "signature", MAX_SIGNATURE);
        KeyState key = signingKey(caller, "kms:Verify", request.keyId(), algorithm);
        dryRun(request.dryRun());
        PublicKey publicKey = vault.publicKey(key.keyId(), MATERIAL, key.spec());
        if (!onKey(key, () -> algorithm.verify(publicKey, message, type, signature))) {
            throw AwsException.client("KMSInvalidSignatureException", "");
        }
        return new VerifyResponse(key.arn(), true, algorithm.name());
    }

    public GetPublicKeyResponse getPublicKey(Caller caller, GetPublicKeyRequest request) {
        KeyState key = resolver.usable(caller, "kms:GetPublicKey", resolver.resolve(caller, request.keyId(), true),
                null);
        KeySpec spec = key.spec();
        if (!spec.asymmetric()) {
            throw KmsErrors.unsupported(key.arn() + " has KeySpec " + key.keySpec() + ", which has no public key")
                    .resource(key.arn(), KmsErrors.KEY_RESOURCE);
        }
        List<String> encryption = spec.encryptionAlgorithms(key.usage());
        List<String> signing = spec.signingAlgorithms(key.usage()).stream().map(Enum::name).toList();
        List<String> agreement = spec.keyAgreementAlgorithms(key.usage());
        List<String> encapsulation = spec.encapsulationAlgorithms(key.usage());
        return new GetPublicKeyResponse(key.arn(), vault.publicKey(key.keyId(), MATERIAL),
                spec.hasCustomerMasterKeySpec() ? key.keySpec() : null, key.keySpec(), key.keyUsage(),
                encryption.isEmpty() ? null : encryption, signing.isEmpty() ? null : signing,
                agreement.isEmpty() ? null : agreement, encapsulation.isEmpty() ? null : encapsulation);
    }

    public EncapsulateResponse encapsulate(Caller caller, EncapsulateRequest request) {
        encapsulationAlgorithm(request.encapsulationAlgorithm());
        KeyState key = kemKey(caller, "kms:Encapsulate", request.keyId());
        dryRun(request.dryRun());
        Kem.Encapsulated made = Kem.encapsulate(vault.publicKey(key.keyId(), MATERIAL));
        return new EncapsulateResponse(key.arn(), made.sharedSecret(), made.ciphertext(), Kem.ML_KEM);
    }

    public DecapsulateResponse decapsulate(Caller caller, DecapsulateRequest request) {
        encapsulationAlgorithm(request.encapsulationAlgorithm());
        byte[] ciphertext = required(request.sharedSecretCiphertextBlob(), "sharedSecretCiphertextBlob", 6144);
        KeyState key = kemKey(caller, "kms:Decapsulate", request.keyId());
        dryRun(request.dryRun());
        byte[] secret = onKey(key, () -> vault.withMaterial(key.keyId(), MATERIAL,
                material -> Kem.decapsulate(material, ciphertext)));
        return new DecapsulateResponse(key.arn(), secret, Kem.ML_KEM);
    }

    private KeyState kemKey(Caller caller, String action, String keyId) {
        KeyState key = resolver.usable(caller, action, resolver.resolve(caller, keyId, true), null);
        return onKey(key, () -> {
            requireUsage(key, KeyUsage.ENCAPSULATE_DECAPSULATE, action);
            return key;
        });
    }

    private static void encapsulationAlgorithm(String name) {
        required(name, "encapsulationAlgorithm");
        if (!Kem.ML_KEM.equals(name)) {
            throw KmsErrors.notInEnum("encapsulationAlgorithm", name, List.of(Kem.ML_KEM));
        }
    }

    public GenerateMacResponse generateMac(Caller caller, GenerateMacRequest request) {
        MacAlgorithm algorithm = macAlgorithm(request.macAlgorithm());
        byte[] message = required(request.message(), "message", MacAlgorithm.MAX_MESSAGE);
        KeyState key = macKey(caller, "kms:GenerateMac", request.keyId(), algorithm);
        dryRun(request.dryRun());
        byte[] mac = vault.withMaterial(key.keyId(), MATERIAL, material -> algorithm.mac(material, message));
        return new GenerateMacResponse(mac, algorithm.name(), key.arn());
    }

    /** A MAC that matches (compared in constant time) answers MacValid true; any other is KMSInvalidMacException. */
    public VerifyMacResponse verifyMac(Caller caller, VerifyMacRequest request) {
        MacAlgorithm algorithm = macAlgorithm(request.macAlgorithm());
        byte[] message = required(request.message(), "message", MacAlgorithm.MAX_MESSAGE);
        byte[] mac = required(request.mac(), "mac", 6144);
        KeyState key = macKey(caller, "kms:VerifyMac", request.keyId(), algorithm);
        dryRun(request.dryRun());
        if (!vault.withMaterial(key.keyId(), MATERIAL, material -> algorithm.verify(material, message, mac))) {
            throw AwsException.client("KMSInvalidMacException", "").resource(key.arn(), KmsErrors.KEY_RESOURCE);
        }
        return new VerifyMacResponse(key.arn(), true, algorithm.name());
    }

    public DeriveSharedSecretResponse deriveSharedSecret(Caller caller, DeriveSharedSecretRequest request) {
        refuseRecipient(request.recipient());
        String algorithm = required(request.keyAgreementAlgorithm(), "keyAgreementAlgorithm");
        if (!KeyAgreement.ECDH.equals(algorithm)) {
            throw KmsErrors.notInEnum("keyAgreementAlgorithm", algorithm, List.of(KeyAgreement.ECDH));
        }
        byte[] peer = required(request.publicKey(), "publicKey", 8192);
        KeyState key = resolver.usable(caller, "kms:DeriveSharedSecret",
                resolver.resolve(caller, request.keyId(), true), null);
        return onKey(key, () -> {
            requireUsage(key, KeyUsage.KEY_AGREEMENT, "kms:DeriveSharedSecret");
            PublicKey peerKey;
            try {
                peerKey = key.spec().publicKey(peer);
            } catch (IllegalArgumentException e) {
                throw KmsErrors.validation(""); // KMS says nothing of what is wrong with the peer's key
            }
            dryRun(request.dryRun());
            byte[] secret = vault.withPrivateKey(key.keyId(), MATERIAL, key.spec(),
                    privateKey -> KeyAgreement.ecdh(privateKey, peerKey));
            return new DeriveSharedSecretResponse(key.arn(), secret, KeyAgreement.ECDH, "AWS_KMS");
        });
    }

    private KeyState signingKey(Caller caller, String action, String keyId, SigningAlgorithm algorithm) {
        KeyState key = resolver.usable(caller, action, resolver.resolve(caller, keyId, true), null);
        return onKey(key, () -> {
            requireUsage(key, KeyUsage.SIGN_VERIFY, action);
            if (!key.spec().signingAlgorithms(KeyUsage.SIGN_VERIFY).contains(algorithm)) {
                throw KmsErrors.invalidKeyUsage("Algorithm " + algorithm.name() + " is incompatible with key spec "
                        + key.keySpec() + ".");
            }
            return key;
        });
    }

    private KeyState macKey(Caller caller, String action, String keyId, MacAlgorithm algorithm) {
        KeyState key = resolver.usable(caller, action, resolver.resolve(caller, keyId, true), null);
        return onKey(key, () -> {
            requireUsage(key, KeyUsage.GENERATE_VERIFY_MAC, action);
            if (!key.spec().macAlgorithms(KeyUsage.GENERATE_VERIFY_MAC).contains(algorithm)) {
                throw KmsErrors.invalidKeyUsage("Algorithm " + algorithm.name() + " is incompatible with key spec "
                        + key.keySpec() + ".");
            }
            return key;
        });
    }

    /** Runs a step on a found key: a refusal names the key as the call's resource; a bad message is a 400. */
    private static <T> T onKey(KeyState key, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (InvalidMessageException e) {
            throw KmsErrors.validation(e.getMessage()).resource(key.arn(), KmsErrors.KEY_RESOURCE);
        } catch (AwsException e) {
            throw e.resource(key.arn(), KmsErrors.KEY_RESOURCE);
        }
    }

    private static SigningAlgorithm signingAlgorithm(String name) {
        required(name, "signingAlgorithm");
        if (!SigningAlgorithm.WIRE_VALUES.contains(name)) {
            throw KmsErrors.notInEnum("signingAlgorithm", name, SigningAlgorithm.WIRE_VALUES);
        }
        // SM2 and Ed25519 keys are not made here, so their algorithms suit no key
        return SigningAlgorithm.of(name).orElseThrow(() -> KmsErrors.invalidKeyUsage("No key of this KMS can use "
                + name));
    }

    private static MessageType messageType(String name) {
        if (name == null) {
            return MessageType.RAW;
        }
        if (!MESSAGE_TYPES.contains(name)) {
            throw KmsErrors.notInEnum("messageType", name, MESSAGE_TYPES);
        }
        return MessageType.valueOf(name);
    }

    private static MacAlgorithm macAlgorithm(String name) {
        required(name, "macAlgorithm");
        return MacAlgorithm.of(name).orElseThrow(() -> KmsErrors.notInEnum("macAlgorithm", name, MAC_ALGORITHMS));
    }
}
