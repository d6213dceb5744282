package dev.xai4j.server.ui;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the browser tests of the web UI share: one browser per test class, a fresh context (a new
 * session) per page opened, and screenshots for review in {@code target/screenshots/} (or
 * {@code -Dxai4j.screenshots}).
 *
 * <p>The browser is Debian's Chromium ({@code /usr/bin/chromium}, {@code apt-get install -y chromium},
 * or the one named by {@code -Dxai4j.chromium=PATH}) driven by Playwright, headless, with the flags
 * that keep it off the network; Playwright's own browser download is not used
 * ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTest {

    @TestHTTPResource("/")
    URL root;

    private Playwright playwright;
    private Browser browser;
    private Path screenshots;
    private BrowserContext context;
    /** The page opened last. */
    protected Page page;

    @BeforeAll
    void startBrowser() throws IOException {
        Path chromium = Path.of(System.getProperty("xai4j.chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            fail("the browser tests need Chromium at " + chromium + ": install it (apt-get install -y chromium) "
                    + "or name another with -Dxai4j.chromium=PATH");
        }
        screenshots = Path.of(System.getProperty("xai4j.screenshots", "target/screenshots"));
        Files.createDirectories(screenshots);
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(chromium)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @AfterEach
    void closePage() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    /** Opens {@code path} of the application in a new session, in a window of this size; downloads accepted. */
    void visit(String path, int width, int height) {
        closePage();
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height).setAcceptDownloads(true));
        context.setDefaultTimeout(30_000);
        page = context.newPage();
        page.navigate(root.toString().replaceAll("/$", "") + path);
    }

    /** Where a screenshot called {@code name} goes. */
    Path screenshot(String name) {
        return screenshots.resolve(name + ".png");
    }

    /** Saves what the window shows now. */
    void shot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshot(name)));
    }
}
