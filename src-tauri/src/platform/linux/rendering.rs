//! How the web view draws on Linux: into shared memory on the CPU, without GPU compositing.
//!
//! Confidant's pages are text and forms, which WebKitGTK paints cheaply in software. Its default
//! path composites layers with OpenGL in the web process, whose compositor, GL context and buffers
//! cost far more memory than they save time. Measured on the release build, idle on the unlock
//! screen, app and web view processes together: 490 MB resident with the defaults, 392 MB with
//! these settings.
//!
//! Mesa (which maps LLVM, about 45 MB resident) is still loaded in the app and the web process:
//! WebKit asks EGL for the GPU's render node. Naming the node in `WEBKIT_WEB_RENDER_DEVICE_FILE`
//! kept it out of the app process (340 MB in all), but on a machine without one the pages then
//! lost the dark theme (`prefers-color-scheme` stayed light whatever the desktop said), so it is
//! not set.
//!
//! The settings are WebKitGTK's own environment variables, read once when it starts, so they are
//! set before the window is built. A value already in the environment wins, to leave a way to
//! compare or to work around a driver.

/// Sets the variables below unless already set. Call before GTK starts, while there is one thread.
pub fn prefer_software_rendering() {
    let settings = [
        // Paint pages into shared memory instead of composited GL layers: the web process's
        // compositor, its GL context and its buffers were about 85 MB at idle.
        ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
        // No DMA-BUF renderer, which shares GPU buffers between the processes: 5 MB more.
        ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
    ];
    for (name, value) in settings {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
        }
    }
}
