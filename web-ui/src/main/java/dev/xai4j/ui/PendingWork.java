package dev.xai4j.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.function.SerializableConsumer;
import com.vaadin.flow.function.SerializableRunnable;

import java.io.Serializable;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;

/**
 * A page's work off the UI thread: each piece runs on a {@link Background} thread, then its outcome
 * is handled on the UI thread. While any is under way the page polls the server, so that results
 * appear without a click; the count of pieces under way is the owner's {@code data-pending}
 * attribute, which tests and scripts wait on. Polling is counted per browser tab (UI), not per page:
 * work a page left behind when the user moved to another must not stop the new page's polling.
 */
final class PendingWork implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Poll interval while work is under way, in ms. */
    static final int POLL_MS = 250;
    /** The UI's count of work under way, over all its pages. */
    private static final String UI_PENDING = "xai4j.pending";

    private final Component owner;
    private final SerializableRunnable changed;
    private int pending;

    /**
     * @param owner   the page, whose {@code data-pending} attribute counts the work under way
     * @param changed run on the UI thread whenever work starts or ends (a status line)
     */
    PendingWork(Component owner, SerializableRunnable changed) {
        this.owner = owner;
        this.changed = changed;
        owner.getElement().setAttribute("data-pending", "0");
    }

    /** How many pieces are under way. */
    int pending() {
        return pending;
    }

    /**
     * Runs {@code work} off the UI thread, then {@code done} with its value or {@code failed} with its
     * exception on the UI thread. When every background thread is taken, {@code failed} hears a
     * {@link BackendException.Kind#BUSY} at once.
     */
    <T> void run(Callable<T> work, SerializableConsumer<T> done, SerializableConsumer<Throwable> failed) {
        UI ui = UI.getCurrent();
        count(ui, 1);
        changed.run();
        try {
            Background.submit(() -> {
                T value = null;
                Throwable error = null;
                try {
                    value = work.call();
                } catch (Throwable t) {
                    error = t;
                }
                T v = value;
                Throwable err = error;
                try {
                    ui.access(() -> {
                        count(ui, -1);
                        try {
                            if (err == null) {
                                done.accept(v);
                            } else {
                                failed.accept(err);
                            }
                        } finally {
                            changed.run();
                        }
                    });
                } catch (UIDetachedException ignored) {
                    // the page was closed meanwhile
                }
                return null;
            });
        } catch (RejectedExecutionException e) {
            count(ui, -1);
            failed.accept(new BackendException(BackendException.Kind.BUSY, "too many requests at once; try again in a moment"));
            changed.run();
        }
    }

    private void count(UI ui, int delta) {
        pending += delta;
        owner.getElement().setAttribute("data-pending", String.valueOf(pending));
        Object before = ComponentUtil.getData(ui, UI_PENDING);
        int all = (before instanceof Integer n ? n : 0) + delta;
        ComponentUtil.setData(ui, UI_PENDING, all);
        ui.setPollInterval(all > 0 ? POLL_MS : -1);
    }
}
