package org.agencyverify.common.error;

import io.vertx.ext.web.RoutingContext;

/**
 * A feature that serves HTML pages to people (not the JSON API) answers the HTTP layer's failures on
 * its own paths, e.g. a sign-in that cannot reach Keycloak: a page, never a problem document.
 */
public interface HtmlPages {

    /** Whether the request path is one of this feature's pages. */
    boolean serves(String path);

    /**
     * Ends the response with a page for a failure the HTTP layer met before any resource ran.
     *
     * @param status  what the HTTP layer would answer
     * @param failure what failed, if known: for choosing the page only, never shown
     */
    void answer(RoutingContext context, int status, Throwable failure);
}
