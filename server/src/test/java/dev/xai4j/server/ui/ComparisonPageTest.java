package dev.xai4j.server.ui;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.xai4j.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The comparison page in a real browser (see {@link BrowserTest}) against the running test
 * application. Screenshots go to {@code target/screenshots/} for review.
 */
@QuarkusTest
class ComparisonPageTest extends BrowserTest {

    /** Every tile has a result and no work is under way. */
    private static final String SETTLED = """
            () => {
              const v = document.querySelector('#comparison');
              if (!v || v.getAttribute('data-pending') !== '0') return false;
              const t = [...document.querySelectorAll('.xai-tile')];
              return t.length > 0 && t.every(x => x.getAttribute('data-state') === 'ready');
            }""";

    @BeforeEach
    void openPage() {
        open(1280, 800);
    }

    private void open(int width, int height) {
        visit("/", width, height);
        settle();
    }

    private void settle() {
        page.waitForFunction(SETTLED, null, new Page.WaitForFunctionOptions().setTimeout(60_000).setPollingInterval(100));
    }

    private Locator tile(String kind) {
        return page.locator(".xai-tile[data-kind='" + kind + "']");
    }

    private List<String> kinds() {
        List<String> out = new ArrayList<>();
        for (Locator t : page.locator(".xai-tile").all()) {
            out.add(t.getAttribute("data-kind"));
        }
        return out;
    }

    /** Each tile's picture (its data URL) by kind. */
    private Map<String, String> pictures() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Locator t : page.locator(".xai-tile").all()) {
            out.put(t.getAttribute("data-kind"), t.locator(".xai-tile-image").getAttribute("src"));
        }
        return out;
    }

    private Map<String, Integer> resultCounts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Locator t : page.locator(".xai-tile").all()) {
            String r = t.getAttribute("data-results");
            out.put(t.getAttribute("data-kind"), r == null ? 0 : Integer.parseInt(r));
        }
        return out;
    }

    private void upload(FilePayload file) {
        page.locator("vaadin-upload input[type=file]").setInputFiles(file);
    }

    private static FilePayload fixtureImage(String name) {
        return new FilePayload(name, "image/png", Fixtures.bytes(name));
    }

    /** Distinct colours and the spread of the green channel of a screenshot of an element. */
    private static void assertNotBlank(byte[] png, String what) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                colours.add(img.getRGB(x, y) & 0xffffff);
            }
        }
        assertTrue(img.getWidth() > 100 && img.getHeight() > 100, what + " is only " + img.getWidth() + "x" + img.getHeight());
        assertTrue(colours.size() > 50, what + " has only " + colours.size() + " colours: blank?");
    }

    @Test
    void pageLoadsWithTheViTDefaultTiles() {
        assertEquals("xai4j — explanation comparison", page.title());
        assertEquals(List.of("cls-attention", "relevance", "grad-cam", "attention-rollout"), kinds());
        assertEquals("attnlrp", tile("relevance").getAttribute("data-method"), "LRP-style relevance runs AttnLRP by default");
        assertTrue(tile("relevance").locator(".xai-conservation").innerText().contains("target logit"),
                "the LRP tile reports conservation");
        assertEquals(5, page.locator(".xai-class").count(), "top-5 prediction");
        assertTrue(page.locator("#agreement table").isVisible(), "agreement matrix");
        assertEquals(16, page.locator("#agreement td").count(), "4 × 4 agreement matrix");
        // the four tiles sit on one row at 1280 × 800
        double y = tile("cls-attention").boundingBox().y;
        for (String k : kinds()) {
            assertEquals(y, tile(k).boundingBox().y, 1, k + " is not on the first row");
        }
        shot("page-1280x800");
    }

    @Test
    void uploadingAnImageRendersFourNonBlankTiles() {
        Map<String, String> before = pictures();
        upload(fixtureImage("vit-a.png"));
        page.waitForSelector("#comparison[data-image='vit-a.png']");
        settle();
        Map<String, String> after = pictures();
        assertEquals(4, after.size());
        for (Locator t : page.locator(".xai-tile").all()) {
            String kind = t.getAttribute("data-kind");
            assertTrue(after.get(kind).startsWith("data:image/png;base64,"), kind + " shows no overlay");
            assertNotEquals(before.get(kind), after.get(kind), kind + " still shows the sample's map");
            assertNotBlank(t.locator(".xai-tile-image").screenshot(), kind);
        }
        // the value under the pointer
        Locator img = tile("grad-cam").locator(".xai-tile-image");
        img.hover();
        page.waitForFunction("() => document.querySelector(\".xai-tile[data-kind='grad-cam'] .xai-pointer\").textContent.includes(' at (')");
        shot("upload-vit-a");
    }

    @Test
    void changingTheTargetRerendersTheTiles() {
        Map<String, String> before = pictures();
        Map<String, Integer> counts = resultCounts();
        String targetBefore = tile("grad-cam").getAttribute("data-target");
        Locator other = page.locator(".xai-class[aria-pressed='false']").first();
        String chosen = other.getAttribute("data-class");
        other.click();
        page.waitForFunction("c => [...document.querySelectorAll('.xai-tile')].every(t => t.getAttribute('data-target') === c)",
                chosen);
        settle();
        Map<String, String> after = pictures();
        resultCounts().forEach((kind, n) -> assertEquals(counts.get(kind) + 1, n, kind + " was not recomputed once"));
        assertNotEquals(targetBefore, chosen);
        // class-specific maps change; CLS attention and rollout are the same for every class by definition
        for (String kind : List.of("relevance", "grad-cam")) {
            assertNotEquals(before.get(kind), after.get(kind), kind + " did not change with the target");
        }
        assertEquals("true", page.locator(".xai-class[data-class='" + chosen + "']").getAttribute("aria-pressed"));
        shot("target-changed");
    }

    @Test
    void theRolloutDiscardRatioSliderChangesOnlyThatTile() {
        Map<String, String> before = pictures();
        Map<String, Integer> counts = resultCounts();
        tile("attention-rollout").locator("[data-parameter='discard_ratio'] input").fill("0.9");
        page.waitForFunction("n => document.querySelector(\".xai-tile[data-kind='attention-rollout']\").getAttribute('data-results') == n",
                String.valueOf(counts.get("attention-rollout") + 1));
        settle();
        Map<String, String> after = pictures();
        Map<String, Integer> countsAfter = resultCounts();
        assertNotEquals(before.get("attention-rollout"), after.get("attention-rollout"), "rollout did not change");
        for (String kind : List.of("cls-attention", "relevance", "grad-cam")) {
            assertEquals(before.get(kind), after.get(kind), kind + " changed");
            assertEquals(counts.get(kind), countsAfter.get(kind), kind + " was recomputed");
        }
        assertTrue(tile("attention-rollout").locator("[data-parameter='discard_ratio']").innerText().contains("0.90"));
        shot("rollout-discard-0.9");
    }

    @Test
    void aFileThatIsNotAnImageShowsAnError() {
        // named like an image: the server judges by content
        upload(new FilePayload("notes.png", "image/png", "just some text, not pixels".getBytes(StandardCharsets.UTF_8)));
        Locator card = page.locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText("Not a usable image"));
        card.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE));
        assertTrue(card.innerText().contains("notes.png"), card.innerText());
        page.waitForTimeout(600); // the notification's slide-in
        shot("not-an-image");
        // a file the picker would not even offer
        upload(new FilePayload("notes.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)));
        page.locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText("only PNG, JPEG, BMP and GIF"))
                .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE));
        // the page still shows the sample's explanations
        assertEquals("sample 1", page.locator("#comparison").getAttribute("data-image"));
    }

    @Test
    void tilesDownloadPngAndJson() throws IOException {
        Locator t = tile("grad-cam");
        Download png = page.waitForDownload(() -> t.locator("[data-role='download-png']").click());
        byte[] bytes = Files.readAllBytes(png.path());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        assertTrue(img.getWidth() >= 512, "PNG of " + img.getWidth() + " px");
        Download json = page.waitForDownload(() -> t.locator("[data-role='download-json']").click());
        String text = Files.readString(json.path());
        assertTrue(text.contains("\"method\" : \"grad-cam\"") && text.contains("\"values\""), text.substring(0, Math.min(300, text.length())));
        assertTrue(json.suggestedFilename().endsWith(".json"), json.suggestedFilename());
    }

    @Test
    void aResNetGetsItsDefaultTiles() {
        page.locator("#model").click();
        page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText("resnet-tiny")).click();
        page.waitForFunction("() => document.querySelector(\".xai-tile[data-kind='cam']\") !== null");
        settle();
        assertEquals(List.of("grad-cam", "cam", "input-x-gradient", "integrated-gradients"), kinds());
        for (Locator t : page.locator(".xai-tile").all()) {
            assertNotBlank(t.locator(".xai-tile-image").screenshot(), t.getAttribute("data-kind"));
        }
        shot("resnet-1280x800");
    }

    @Test
    void aNarrowWindowWrapsTheTiles() {
        open(400, 900);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Locator t : page.locator(".xai-tile").all()) {
            xs.add(t.boundingBox().x);
            ys.add(t.boundingBox().y);
        }
        for (int i = 1; i < ys.size(); i++) {
            assertTrue(ys.get(i) > ys.get(i - 1), "tiles do not wrap: " + ys);
        }
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertTrue(((Number) overflow).intValue() <= 0, "the page scrolls sideways by " + overflow + " px");
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshot("page-narrow-400")).setFullPage(true));
    }
}
