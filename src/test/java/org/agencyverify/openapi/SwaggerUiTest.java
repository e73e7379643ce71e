package org.agencyverify.openapi;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.agencyverify.support.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The interactive API page at /q/swagger-ui: it shows the contract the service serves, in a real browser,
 * and it is read-only: no operation can be sent from it and it carries no credential.
 */
@QuarkusTest
class SwaggerUiTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    @TestHTTPResource("/q/swagger-ui/")
    URL page;

    @Test
    void thePageIsServedReadOnlyAndWithoutCredentials() {
        given().get("/q/swagger-ui/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("/q/openapi"))
                .body(not(containsString("clientSecret")))
                .body(not(containsString("preauthorize")));
    }

    @Test
    void aBrowserSeesEveryOperationAndNoWayToSendOne() {
        Map<String, Map<String, Object>> paths = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        long operations = paths.values().stream().flatMap(path -> path.keySet().stream()).filter(METHODS::contains).count();
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            WebDriver browser = chromium.driver();
            browser.get(page.toString());
            List<WebElement> shown;
            try {
                shown = new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
                    List<WebElement> blocks = d.findElements(By.cssSelector(".opblock"));
                    return blocks.size() >= operations ? blocks : null;
                });
            } catch (org.openqa.selenium.TimeoutException e) {
                throw new AssertionError(operations + " operations, shown " + browser.findElements(By.cssSelector(".opblock")).size()
                        + ": " + browser.findElement(By.tagName("body")).getText(), e);
            }
            assertEquals(operations, shown.size(), "one block per operation of /q/openapi");
            assertTrue(operations > 50, "the whole API: " + operations);
            assertTrue(browser.findElement(By.cssSelector(".info .title")).getText().contains("agency-verify API"));

            WebElement revoke = shown.stream().filter(b -> b.getText().contains("/v1/tokens/revoke")).findFirst().orElseThrow();
            revoke.findElement(By.cssSelector(".opblock-summary")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !revoke.findElements(By.cssSelector(".opblock-body")).isEmpty());
            assertTrue(browser.findElements(By.cssSelector(".try-out__btn")).isEmpty(), "no Try it out on any operation");
            assertTrue(browser.findElements(By.cssSelector(".execute")).isEmpty(), "no Execute on any operation");
        }
    }
}
