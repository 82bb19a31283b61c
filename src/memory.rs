//! Memory freed in bulk goes back to the system.
//!
//! glibc's allocator keeps what a thread frees in that thread's arena, resident, unless it lies
//! at the arena's top. Indexing a long text for search fills a connection's pages and buffers
//! on a thread of its own, which then ends: without this, a reader would hold that memory,
//! unused, for as long as it runs.

/// Gives memory that was freed, and that the allocator keeps, back to the system.
pub fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` takes no pointer; it only releases memory that no allocation holds.
    unsafe {
        libc::malloc_trim(0);
    }
}
