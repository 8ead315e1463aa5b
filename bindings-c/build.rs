//! Generates `grassroots.h` into `OUT_DIR` (never into the source tree); `tests/header.rs` compares it
//! with the committed `include/grassroots.h`.

use std::env;
use std::path::PathBuf;

fn main() {
    // `catch_unwind` does nothing under `panic = "abort"`: every export would then kill the host on
    // a bug instead of answering `GR_PANIC`. Refuse to build such an artifact.
    if env::var("CARGO_CFG_PANIC").as_deref() == Ok("abort") {
        panic!("grassroots-c must be built with panic = \"unwind\": its panic boundary relies on it");
    }

    let crate_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");

    let mut config =
        cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("bindings-c/cbindgen.toml is readable");
    // One source for the version: the header's macros and `gr_version()` both come from Cargo.toml.
    let major = env::var("CARGO_PKG_VERSION_MAJOR").expect("cargo sets the version");
    let minor = env::var("CARGO_PKG_VERSION_MINOR").expect("cargo sets the version");
    let patch = env::var("CARGO_PKG_VERSION_PATCH").expect("cargo sets the version");
    let version = env::var("CARGO_PKG_VERSION").expect("cargo sets the version");
    config.after_includes = Some(format!(
        "\n/** The major version of this header (compare with gr_version() at run time). */\n\
         #define GR_VERSION_MAJOR {major}\n\
         /** The minor version of this header. */\n\
         #define GR_VERSION_MINOR {minor}\n\
         /** The patch version of this header. */\n\
         #define GR_VERSION_PATCH {patch}\n\
         /** The full version of this header, equal to what gr_version() returns. */\n\
         #define GR_VERSION \"{version}\""
    ));

    // The shared library's SONAME names its ABI: `libgrassroots.so.MAJOR`, and while the major version
    // is 0 (when a minor release may break the ABI) `libgrassroots.so.0.MINOR`. A program linked
    // against one ABI then never loads a library of another. `scripts/install-c.sh` installs the file
    // under this name with the `libgrassroots.so` link beside it.
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        let abi = if major == "0" { format!("0.{minor}") } else { major.clone() };
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libgrassroots.so.{abi}");
        // A program linked against the build tree's `libgrassroots.so` needs the SONAME at run time:
        // put the `libgrassroots.so.ABI -> libgrassroots.so` link beside it in the profile folder
        // (`OUT_DIR` is `<profile>/build/<crate>-<hash>/out`), so `-L target/release` with
        // `LD_LIBRARY_PATH` or an rpath works without installing. Dangling until the link step.
        #[cfg(unix)]
        if let Some(profile_dir) = out_dir.ancestors().nth(3) {
            let link = profile_dir.join(format!("libgrassroots.so.{abi}"));
            if std::fs::symlink_metadata(&link).is_err() {
                // Best effort: a read-only target folder only loses the convenience.
                let _ = std::os::unix::fs::symlink("libgrassroots.so", &link);
            }
        }
    }

    cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen could not generate grassroots.h from bindings-c/src")
        .write_to_file(out_dir.join("grassroots.h"));
}
