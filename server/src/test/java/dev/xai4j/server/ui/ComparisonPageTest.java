package dev.xai4j.server.ui;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.xai4j.Fixtures;
import dev.xai4j.image.ImageDecoder;
import dev.xai4j.image.InvalidImageException;
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
import static org.junit.jupiter.api.Assertions.fail;

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
        page.waitForFunction("() => document.querySelector(\".xai-tile[data-kind='grad-cam'] .xai-pointer\").textContent.includes(' at row ')");
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

    /** An error notification with this text, once visible. */
    private Locator notification(String text) {
        Locator card = page.locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText(text));
        card.first().waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE));
        return card.first();
    }

    /** The message the image decoder refuses these bytes with: what the page must show. */
    private static String decoderMessage(byte[] bytes, String what) {
        try {
            new ImageDecoder().decode(bytes);
        } catch (InvalidImageException e) {
            return e.getMessage();
        }
        return fail("the decoder accepts " + what + " without a word");
    }

    private static byte[] encode(BufferedImage img, String format) {
        var out = new java.io.ByteArrayOutputStream();
        try {
            assertTrue(ImageIO.write(img, format, out), "no " + format + " writer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Waits until the browser has no request to the server under way (the last click was answered). */
    private void roundTrip() {
        page.waitForFunction("() => !Object.values(window.Vaadin.Flow.clients).some(c => c.isActive && c.isActive())");
    }

    @Test
    void aPhoneShowsTheFirstMapAboveTheFoldAndValuesOnTap() {
        visitPhone("/");
        settle();
        assertEquals(0, sidewaysScroll(), "the page scrolls sideways");
        Locator first = page.locator(".xai-tile").first().locator(".xai-tile-image");
        var box = first.boundingBox();
        assertTrue(box.y + box.height <= PHONE_HEIGHT, "the first map ends at " + (box.y + box.height) + " px, below the fold");
        first.tap();
        page.waitForFunction("() => document.querySelector('.xai-tile .xai-pointer').textContent.includes(' at row ')");
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshot("page-phone-390x844")));
    }

    /** A fixture scene as an RGB image (no alpha), for encoders that take no alpha. */
    private static BufferedImage scene() throws IOException {
        BufferedImage photo = ImageIO.read(new ByteArrayInputStream(Fixtures.bytes("vit-a.png")));
        BufferedImage rgb = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(photo, 0, 0, null);
        return rgb;
    }

    @Test
    void aTruncatedImageIsAnErrorNotAGreyPicture() throws IOException {
        byte[] jpeg = encode(scene(), "jpeg");
        byte[] truncated = java.util.Arrays.copyOf(jpeg, jpeg.length / 2);
        String expected = decoderMessage(truncated, "a JPEG cut in half");
        upload(new FilePayload("cut.jpg", "image/jpeg", truncated));
        Locator cut = notification("cut.jpg");
        assertTrue(cut.innerText().contains(expected), cut.innerText());
        assertEquals("sample 1", page.locator("#comparison").getAttribute("data-image"));
    }

    @Test
    void unsupportedTinyAndLargeImagesAreToldApart() throws IOException {
        BufferedImage rgb = scene();
        // WebP: the decoder's own words about the format
        byte[] webp = "RIFF\u0024\u0000\u0000\u0000WEBPVP8 \u0018\u0000\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1);
        upload(new FilePayload("photo.webp", "image/webp", webp));
        Locator unsupported = notification("photo.webp");
        assertTrue(unsupported.innerText().contains(decoderMessage(webp, "WebP")), unsupported.innerText());

        // 1 × 1: explained, with a warning
        upload(new FilePayload("dot.png", "image/png", encode(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png")));
        page.waitForSelector("#comparison[data-image='dot.png']");
        settle();
        String warning = page.locator("#image-warning").innerText();
        assertTrue(warning.startsWith("Tiny image (1 × 1 px)"), warning);

        // 4000 × 3000: kept at 2048 × 1536, and the page says so
        BufferedImage big = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
        var g = big.createGraphics();
        g.drawImage(rgb, 0, 0, 4000, 3000, null);
        g.dispose();
        upload(new FilePayload("big.png", "image/png", encode(big, "png")));
        page.waitForSelector("#comparison[data-image='big.png']", new Page.WaitForSelectorOptions().setTimeout(90_000));
        settle();
        assertEquals("big.png · 2048 × 1536 px, scaled down from 4000 × 3000 px to be explained",
                page.locator("#image-info").innerText());
        assertTrue(page.locator("#image-warning").isHidden(), "no tiny-image warning for a large image");
    }

    @Test
    void aRecomputeKeepsTheLastResultsInViewUntilTheNewOnesCome() {
        // record, at every change of the page, whether a tile is blank or the prediction or table is gone
        page.evaluate("""
                () => {
                  window.__blank = [];
                  const check = () => {
                    document.querySelectorAll('.xai-tile').forEach(t => {
                      const src = t.querySelector('.xai-tile-image').getAttribute('src') || '';
                      if (src.startsWith('data:image/gif')) window.__blank.push('blank tile ' + t.dataset.kind);
                    });
                    if (document.querySelectorAll('.xai-class').length === 0) window.__blank.push('no prediction');
                    if (!document.querySelector('#agreement table')) window.__blank.push('no agreement table');
                  };
                  new MutationObserver(check).observe(document.body, {subtree: true, childList: true, attributes: true});
                }""");
        Map<String, Integer> counts = resultCounts();
        page.locator("#samples img[data-sample='3']").click();
        page.waitForSelector("#comparison[data-image='sample 4']");
        page.waitForSelector(".xai-tile[data-state='busy']", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED));
        // while busy: the old picture, dimmed, and a progress bar
        Locator busy = page.locator(".xai-tile[data-state='busy']").first();
        settle();
        resultCounts().forEach((kind, n) -> assertEquals(counts.get(kind) + 1, n, kind));
        assertEquals(List.of(), page.evaluate("() => window.__blank"));
        assertTrue(busy.count() == 0 || "ready".equals(busy.getAttribute("data-state")));
    }

    @Test
    void tilesSayWhichClassTheyExplainAndAnUnknownClassIsAnError() {
        String label = page.locator(".xai-class[aria-pressed='true']").innerText().replaceAll("\\s+[0-9.]+ %(\\s+vs)?$", "").trim();
        assertEquals("explains “" + label + "”", tile("grad-cam").locator(".xai-tile-class").innerText());
        assertEquals("the same map for every class", tile("cls-attention").locator(".xai-tile-class").innerText());
        Map<String, Integer> counts = resultCounts();
        Locator input = page.locator("#target input");
        input.fill("zebra");
        input.press("Enter");
        page.waitForSelector("#target[invalid]");
        String error = (String) page.locator("#target").evaluate("e => e.errorMessage");
        assertEquals("No class “zebra” in this model; the maps still explain “" + label + "”", error);
        roundTrip();
        assertEquals(counts, resultCounts(), "nothing was recomputed");
        assertEquals("explains “" + label + "”", tile("grad-cam").locator(".xai-tile-class").innerText());
        // a label in another case is that class
        String other = page.locator(".xai-class[aria-pressed='false']").first().getAttribute("data-class");
        String otherLabel = page.locator(".xai-class[data-class='" + other + "']").innerText().replaceAll("\\s+[0-9.]+ %(\\s+vs)?$", "").trim();
        input.fill(otherLabel.toUpperCase(java.util.Locale.ROOT));
        input.press("Enter");
        page.waitForFunction("c => document.querySelector(\".xai-tile[data-kind='grad-cam']\").getAttribute('data-target') === c", other);
        settle();
        assertEquals("explains “" + otherLabel + "”", tile("grad-cam").locator(".xai-tile-class").innerText());
        assertTrue(page.locator("#target[invalid]").count() == 0, "the error stays");
    }

    @Test
    void signedMapsAreDrawnSymmetricallyAndComparedOnMagnitudes() {
        Locator lrp = tile("relevance");
        assertEquals("true", lrp.getAttribute("data-signed"), "AttnLRP's relevance is signed");
        String low = lrp.locator(".xai-scale span").first().innerText();
        String high = lrp.locator(".xai-scale span").last().innerText();
        assertEquals("−" + high, low, "a symmetric colour range");
        assertTrue(page.locator("#agreement th").allInnerTexts().stream().anyMatch(t -> t.endsWith("AttnLRP |·|")),
                page.locator("#agreement th").allInnerTexts().toString());
        assertTrue(page.locator("#agreement").innerText().contains("compared on their absolute values"));
        assertEquals("AttnLRP", lrp.locator(".xai-tile-title").innerText());
        // the title follows the variant: Chefer's relevance is not LRP
        lrp.locator("[data-role='variant']").click();
        page.locator("vaadin-select-item:visible").filter(new Locator.FilterOptions().setHasText("Chefer")).first().click();
        page.waitForSelector(".xai-tile[data-kind='relevance'][data-method='chefer-relevance']");
        assertEquals("Chefer (gradient × attention)", lrp.locator(".xai-tile-title").innerText());
        settle();
    }

    @Test
    void aSlowMethodShowsItsCostAndIsComputedApart() {
        page.locator("#add-method").click();
        page.locator("vaadin-select-item:visible").filter(new Locator.FilterOptions().setHasText("Integrated gradients")).first().click();
        page.waitForSelector(".xai-tile[data-kind='integrated-gradients']");
        settle();
        // its cost is known now: the method list and the next computation's progress show it
        page.locator("#add-method").click();
        String item = page.locator("vaadin-select-item:visible").filter(new Locator.FilterOptions().setHasText("Integrated gradients"))
                .first().innerText();
        assertTrue(item.matches("Integrated gradients · [0-9.]+ m?s"), item);
        page.keyboard().press("Escape");
        page.locator(".xai-class[aria-pressed='false']").first().click();
        page.waitForSelector(".xai-tile[data-kind='integrated-gradients'][data-state='busy']",
                new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED));
        long expected = Long.parseLong(tile("integrated-gradients").getAttribute("data-expected-ms"));
        assertTrue(expected > 0, "no expected time");
        settle();
    }

    @Test
    void reclickingTheSampleShownComputesNothing() {
        Map<String, Integer> counts = resultCounts();
        page.locator("#samples img[data-sample='0']").click();
        roundTrip();
        assertEquals("0", page.locator("#comparison").getAttribute("data-pending"));
        assertEquals(counts, resultCounts());
    }

    @Test
    void addedTilesStayAcrossAModelChangeWhereTheyApplyAndTheKeyboardKeepsFocus() {
        page.locator("#add-method").click();
        page.locator("vaadin-select-item:visible").filter(new Locator.FilterOptions().setHasText("Gradient (saliency)")).first().click();
        page.waitForSelector(".xai-tile[data-kind='gradient']");
        settle();
        page.locator("#model").click();
        page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText("resnet-tiny")).click();
        page.waitForFunction("() => document.querySelector(\".xai-tile[data-kind='cam']\") !== null");
        settle();
        assertEquals(List.of("grad-cam", "cam", "input-x-gradient", "integrated-gradients", "gradient"), kinds());
        // removing a tile with the keyboard hands the focus to the next tile's remove button
        tile("cam").locator("vaadin-button").focus();
        page.keyboard().press("Enter");
        page.waitForFunction("() => document.querySelector(\".xai-tile[data-kind='cam']\") === null");
        page.waitForFunction("() => (document.activeElement.getAttribute('aria-label') || '').startsWith('Remove Input')");
    }

    @Test
    void theIconIsServed() {
        var response = page.request().get(root.toString() + "favicon.ico");
        assertEquals(200, response.status());
        byte[] body = response.body();
        assertTrue(body.length > 100 && body[0] == 0 && body[2] == 1, "not an icon");
        assertTrue(page.locator("link[rel='icon']").count() > 0, "no icon link in the page");
    }

    @Test
    void anAccessibilityScanFindsNoSeriousViolation() {
        List<String> found = accessibilityViolations("serious", "critical");
        assertTrue(found.isEmpty(), String.join("\n", found));
    }

    /** Chooses the embedded default model and its two-object sample, and waits for every tile. */
    private void showTheDefaultModel() {
        page.locator("#model").click();
        page.locator("vaadin-select-item:visible").filter(new Locator.FilterOptions().setHasText("vit-shapes")).first().click();
        page.waitForSelector("#comparison[data-model='vit-shapes']");
        settle();
        page.locator("#samples img[data-sample='4']").click();
        page.waitForSelector("#comparison[data-image='sample 5']");
        settle();
        for (Locator t : page.locator(".xai-tile").all()) {
            assertNotBlank(t.locator(".xai-tile-image").screenshot(), t.getAttribute("data-kind"));
        }
    }

    @Test
    void theEmbeddedModelOnADesktopAndOnAPhone() {
        // the pictures of the README (docs/images): vit-shapes, the server's default outside the tests
        showTheDefaultModel();
        shot("readme-comparison-1280x800");
        visitPhone("/");
        settle();
        showTheDefaultModel();
        assertEquals(0, sidewaysScroll(), "the page scrolls sideways");
        page.evaluate("() => window.scrollTo(0, 0)");
        shot("readme-comparison-phone");
    }

    @Test
    void aCopiedAddressOpensTheSameComparison() {
        page.locator("#samples img[data-sample='2']").click();
        page.waitForSelector("#comparison[data-image='sample 3']");
        settle();
        Locator other = page.locator(".xai-class[aria-pressed='false']").first();
        String chosen = other.getAttribute("data-class");
        other.click();
        page.waitForFunction("c => [...document.querySelectorAll('.xai-tile')].every(t => t.getAttribute('data-target') === c)", chosen);
        settle();
        Map<String, Integer> counts = resultCounts();
        tile("attention-rollout").locator("[data-parameter='discard_ratio'] input").fill("0.9");
        page.waitForFunction("n => document.querySelector(\".xai-tile[data-kind='attention-rollout']\").getAttribute('data-results') == n",
                String.valueOf(counts.get("attention-rollout") + 1));
        settle();
        page.waitForFunction("() => decodeURIComponent(location.search).includes('discard_ratio=0.9')");
        String address = page.url();
        assertTrue(address.contains("model=vit-tiny") && address.contains("sample=3") && address.contains("class=" + chosen),
                address);
        Map<String, String> before = pictures();

        // another browser, the same address
        visit(address.substring(address.indexOf('/', "http://".length())), 1280, 800);
        settle();
        assertEquals("sample 3", page.locator("#comparison").getAttribute("data-image"));
        assertEquals(List.copyOf(before.keySet()), kinds());
        for (Locator t : page.locator(".xai-tile").all()) {
            assertEquals(chosen, t.getAttribute("data-target"), t.getAttribute("data-kind"));
        }
        assertTrue(tile("attention-rollout").locator("[data-parameter='discard_ratio']").innerText().contains("0.90"));
        assertEquals(before, pictures(), "the same maps");
        assertEquals("true", page.locator(".xai-class[data-class='" + chosen + "']").getAttribute("aria-pressed"));
    }
}
