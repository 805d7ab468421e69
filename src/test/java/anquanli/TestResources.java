package anquanli;

import io.quarkus.test.common.QuarkusTestResource;

/** Test resources shared by every @QuarkusTest (one application start for the whole suite). */
@QuarkusTestResource(OidcProviderResource.class)
public final class TestResources {

    private TestResources() {
    }
}
