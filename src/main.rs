//! The `xraypath` binary: the desktop app, or a headless command.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    xraypath::cli::main()
}
