package dev.xai4j.server.ui;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The anatomy page ({@code /anatomy}) in a real browser (see {@link BrowserTest}) on the fixture ViT
 * (4 blocks × 4 heads, 8 × 8 patches, 65 tokens): reached from the comparison page, every figure
 * loaded, the attention matrix read and clicked, and a ResNet turned away. Screenshots go to
 * {@code target/screenshots/}.
 */
@QuarkusTest
class AnatomyPageTest extends BrowserTest {

    /** The anatomy is shown and no work is under way. */
    private static final String SETTLED = """
            () => {
              const v = document.querySelector('#anatomy');
              return !!v && v.getAttribute('data-pending') === '0' && v.getAttribute('data-state') === 'ready';
            }""";
    /** An image with this test id has loaded a picture. */
    private static final String LOADED = """
            id => {
              const i = document.querySelector(`[data-testid='${id}']`);
              return !!i && i.complete && i.naturalWidth > 0;
            }""";
    /** Every figure of the page (test ids), the matrix and its row map included. */
    private static final List<String> FIGURES = List.of("layers-grid", "heads-grid", "distance-scatter",
            "distance-table", "distance-curve", "distance-bars", "similarity-grid", "similarity-patch", "position-pca",
            "cls-path", "cls-norms", "patch-grid", "matrix-image", "matrix-colorbar", "row-map");

    private void open(String path) {
        visit(path, 1280, 900);
    }

    private void settle() {
        page.waitForFunction(SETTLED, null, new Page.WaitForFunctionOptions().setTimeout(60_000).setPollingInterval(100));
    }

    private Locator byTestId(String id) {
        return page.locator("[data-testid='" + id + "']");
    }

    private void waitLoaded(String id) {
        page.waitForFunction(LOADED, id, new Page.WaitForFunctionOptions().setTimeout(30_000));
    }

    /** Picks an item of a Vaadin select by its text (only the open select's items are visible). */
    private void choose(String select, String item) {
        page.locator(select).click();
        page.locator("vaadin-select-item:visible").filter(new Locator.FilterOptions().setHasText(item)).first().click();
    }

    @Test
    void reachedFromTheComparisonPageItShowsEveryFigureOfTheChosenSample() {
        open("/");
        page.locator("#samples img[data-sample='2']").click();
        page.waitForSelector("#comparison[data-image='sample 3']");
        page.locator("#nav-anatomy").click();
        page.waitForURL("**/anatomy");
        settle();
        assertEquals("xai4j — ViT anatomy", page.title());
        Locator view = page.locator("#anatomy");
        assertEquals("sample 3", view.getAttribute("data-image"), "the image chosen on the comparison page");
        assertEquals("vit-tiny", view.getAttribute("data-model"));
        assertEquals("page", page.locator("#nav-anatomy").getAttribute("aria-current"));

        for (String id : FIGURES) {
            waitLoaded(id);
            Number width = (Number) byTestId(id).evaluate("i => i.naturalWidth");
            assertTrue(width.intValue() > 0, id + " has no picture");
        }
        // the attention matrix: 65 tokens, labelled (every second one), CLS row selected
        Locator matrix = page.locator("#attention-matrix");
        assertEquals("65", matrix.getAttribute("data-size"));
        assertEquals("3", matrix.getAttribute("data-layer"), "the last layer first");
        assertEquals("mean", matrix.getAttribute("data-heads"));
        assertEquals("0", matrix.getAttribute("data-query"));
        assertEquals("CLS", matrix.locator(".xai-matrix-label").first().innerText());
        assertEquals(66, matrix.locator(".xai-matrix-label").count());
        assertEquals(65, ((Number) byTestId("matrix-image").evaluate("i => i.naturalWidth")).intValue(),
                "one pixel per entry");
        assertTrue(byTestId("row-caption").innerText().startsWith("query CLS"), byTestId("row-caption").innerText());
        assertEquals(5, page.locator(".xai-anatomy-class").count(), "top-5 prediction");
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshot("anatomy-1280")).setFullPage(true));

        // and back: the comparison page keeps the sample
        page.locator("#nav-comparison").click();
        page.waitForSelector("#comparison[data-image='sample 3']");
    }

    @Test
    void hoveringTheMatrixReadsAValueAndClickingARowMapsIt() {
        open("/anatomy");
        settle();
        waitLoaded("row-map");
        String rowBefore = byTestId("row-map").getAttribute("src");
        Locator image = byTestId("matrix-image");
        BoundingBox box = image.boundingBox();
        double cell = box.height / 65;

        // the value under the pointer: query row 10 (patch 1,1), key column 1 (patch 0,0)
        page.mouse().move(box.x + 1.5 * cell, box.y + 10.5 * cell);
        Locator readout = byTestId("matrix-readout");
        page.waitForFunction("() => document.querySelector(\"[data-testid='matrix-readout']\").textContent.startsWith('query 1,1 → key 0,0: ')");
        double value = Double.parseDouble(readout.innerText().replaceAll(".*: ", ""));
        assertTrue(value > 0 && value < 1, readout.innerText());

        page.mouse().click(box.x + box.width / 2, box.y + 10.5 * cell);
        page.waitForSelector("[data-testid='row-map'][data-query='10']");
        assertEquals("10", page.locator("#attention-matrix").getAttribute("data-query"));
        assertTrue(byTestId("row-caption").innerText().startsWith("query 1,1 → patches · layer 3"),
                byTestId("row-caption").innerText());
        assertNotEquals(rowBefore, byTestId("row-map").getAttribute("src"), "the row map was not redrawn");
        waitLoaded("row-map");
        assertEquals("1,1", page.locator("#matrix-query input").inputValue(), "the query choice follows the click");

        // another head: the matrix and the row are drawn again, the chosen row kept
        String matrixBefore = image.getAttribute("src");
        choose("#matrix-heads", "head 2");
        page.waitForSelector("#attention-matrix[data-heads='2']");
        assertNotEquals(matrixBefore, image.getAttribute("src"));
        assertTrue(byTestId("row-caption").innerText().contains("query 1,1") && byTestId("row-caption").innerText()
                .contains("head 2"), byTestId("row-caption").innerText());

        // the heads of another layer, drawn off the UI thread
        String headsBefore = byTestId("heads-grid").getAttribute("src");
        choose("#heads-layer", "layer 0");
        page.waitForFunction("s => document.querySelector(\"[data-testid='heads-grid']\").getAttribute('src') !== s", headsBefore);
        waitLoaded("heads-grid");
        shot("anatomy-row-10-head-2");
    }

    @Test
    void aResNetIsTurnedAwayWithTheReason() {
        open("/anatomy");
        settle();
        choose("#model", "resnet-tiny");
        page.waitForSelector("#anatomy[data-state='not-vit']");
        String notice = byTestId("not-vit").innerText();
        assertTrue(notice.startsWith("anatomy views need global self-attention over tokens; model resnet-tiny (ResNet) has none"), notice);
        assertTrue(page.locator("#sections").isHidden(), "no figures for a ResNet");
    }
}
