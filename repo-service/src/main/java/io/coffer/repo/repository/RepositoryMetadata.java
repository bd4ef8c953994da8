package io.coffer.repo.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/** CodeCommit's RepositoryMetadata shape. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RepositoryMetadata(String accountId, String repositoryId, String repositoryName,
        String repositoryDescription, String defaultBranch, BigDecimal lastModifiedDate, BigDecimal creationDate,
        String cloneUrlHttp, String cloneUrlSsh, @JsonProperty("Arn") String arn, String kmsKeyId) {

    public RepositoryMetadata withKmsKeyId(String keyId) {
        return new RepositoryMetadata(accountId, repositoryId, repositoryName, repositoryDescription, defaultBranch,
                lastModifiedDate, creationDate, cloneUrlHttp, cloneUrlSsh, arn, keyId);
    }
}
