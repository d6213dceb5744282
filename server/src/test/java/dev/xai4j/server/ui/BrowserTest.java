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
        open(path, new Browser.NewContextOptions().setViewportSize(width, height).setAcceptDownloads(true));
    }

    /** Opens {@code path} as a phone would show it: 390 × 844 CSS pixels at 2 device pixels each, a touch screen. */
    void visitPhone(String path) {
        open(path, new Browser.NewContextOptions().setViewportSize(PHONE_WIDTH, PHONE_HEIGHT).setDeviceScaleFactor(2)
                .setIsMobile(true).setHasTouch(true));
    }

    private void open(String path, Browser.NewContextOptions options) {
        closePage();
        context = browser.newContext(options);
        context.setDefaultTimeout(30_000);
        page = context.newPage();
        page.navigate(root.toString().replaceAll("/$", "") + path);
    }

    /** A phone's window in CSS pixels (an iPhone 12 to 15). */
    static final int PHONE_WIDTH = 390;
    static final int PHONE_HEIGHT = 844;

    /** How far the page scrolls sideways, in CSS pixels (0: not at all). */
    int sidewaysScroll() {
        return ((Number) page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")).intValue();
    }

    /**
     * The accessibility violations axe-core finds on the page as it is now, of the given impacts
     * ({@code serious}, {@code critical}, …), one line each: rule, impact, help and the first elements.
     * axe-core is the test resource {@code axe/axe.min.js} (see its README).
     */
    List<String> accessibilityViolations(String... impacts) {
        if (!Boolean.TRUE.equals(page.evaluate("() => typeof window.axe !== 'undefined'"))) {
            try (var in = BrowserTest.class.getResourceAsStream("/axe/axe.min.js")) {
                if (in == null) {
                    fail("axe/axe.min.js is missing from the test resources");
                }
                page.addScriptTag(new Page.AddScriptTagOptions().setContent(new String(in.readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        @SuppressWarnings("unchecked")
        List<String> found = (List<String>) page.evaluate("""
                async impacts => {
                  const r = await axe.run(document, {resultTypes: ['violations']});
                  return r.violations.filter(v => impacts.includes(v.impact))
                    .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — '
                      + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
                }""", List.of(impacts));
        return found;
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
