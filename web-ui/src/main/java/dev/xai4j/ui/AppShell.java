package dev.xai4j.ui;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Meta;
import com.vaadin.flow.server.AppShellSettings;

/**
 * Application shell of the xai4j web UI: page-level settings shared by every view, and the icon
 * ({@code /favicon.ico} and {@code /icons/favicon-32.png}, static resources of this jar).
 *
 * <p>Deliberately uses no custom theme or frontend resources so that Vaadin's precompiled
 * production bundle can be used as is (no npm at build time).
 */
@Meta(name = "description", content = "xai4j: explanations for image classifiers on the JVM")
public class AppShell implements AppShellConfigurator {

    private static final long serialVersionUID = 1L;

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.addFavIcon("icon", "icons/favicon-32.png", "32x32");
    }
}
