package io.coffer.repo.repository;

import io.coffer.repo.RepoConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** The addresses users clone a repository from, as its metadata gives them. */
@ApplicationScoped
public class CloneUrls {

    private final String httpBase;
    private final RepoConfig.Ssh ssh;

    public CloneUrls(RepoConfig config) {
        this.httpBase = config.cloneUrlBase();
        this.ssh = config.ssh();
    }

    /** {@code cloneUrlHttp}. */
    String http(String name) {
        return httpBase + "/v1/repos/" + name;
    }

    /** {@code cloneUrlSsh}, or null while Git over SSH is off. */
    String ssh(String name) {
        return ssh.enabled() ? ssh.cloneUrlBase() + "/v1/repos/" + name : null;
    }
}
