package io.coffer.audit.keys;

import io.coffer.events.Database;
import io.coffer.kernel.AwsException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a key as KMS lets callers name it (key ID, key ARN, alias name, alias ARN) into its key ID. */
@ApplicationScoped
public class KeyNames {

    private static final Pattern KEY_ARN = Pattern.compile("arn:[^:]+:kms:[^:]*:[^:]*:key/(.+)");
    private static final Pattern ALIAS_ARN = Pattern.compile("arn:[^:]+:kms:([^:]*):([^:]*):(alias/.+)");

    private final Database database;

    public KeyNames(Database database) {
        this.database = database;
    }

    /**
     * @return the key ID, or {@code null} for an alias that points at no key (nothing can match it)
     * @throws AwsException ValidationException if {@code name} is not a key or alias name at all
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public String keyId(String name, String accountId, String region) {
        Matcher keyArn = KEY_ARN.matcher(name);
        if (keyArn.matches()) {
            return keyArn.group(1);
        }
        Matcher aliasArn = ALIAS_ARN.matcher(name);
        if (aliasArn.matches()) {
            return aliasTarget(aliasArn.group(3), aliasArn.group(2), aliasArn.group(1));
        }
        if (name.startsWith("alias/")) {
            return aliasTarget(name, accountId, region);
        }
        if (name.startsWith("arn:") || name.isBlank()) {
            throw AwsException.client("ValidationException", "keyId must be a key ID, key ARN, alias name or alias ARN");
        }
        return name;
    }

    private String aliasTarget(String alias, String accountId, String region) {
        return database.first("select key_id from key_alias where account_id = ? and region = ? and alias_name = ?",
                row -> row.getString(1), accountId, region, alias).orElse(null);
    }
}
