package dev.perocore.social.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * kustomize's load restrictor keeps it inside k8s/, so the ConfigMap is generated from a copy of
 * conf/application.yaml; the copy must never drift from the file the jar embeds.
 */
class ConfigCopyTest {

  @Test
  void k8sConfigIsAByteForByteCopyOfTheRepoConfig() {
    assertEquals(RepoFiles.read(RepoFiles.APP_CONFIG), RepoFiles.read(RepoFiles.K8S_APP_CONFIG),
        "k8s/config/application.yaml differs from conf/application.yaml:"
            + " cp conf/application.yaml k8s/config/application.yaml");
  }
}
