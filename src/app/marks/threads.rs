//! The threads of the annotations held: the replies to each, by its uuid, oldest first.

use super::Marks;
use crate::annotation::{Annotation, Reply, ReplyId};

impl Marks {
    /// These marks with the replies to their annotations.
    pub fn with_replies(mut self, replies: Vec<Reply>) -> Marks {
        self.set_replies(replies);
        self
    }

    /// The replies to the annotations held, in place of those before.
    pub fn set_replies(&mut self, replies: Vec<Reply>) {
        self.threads.clear();
        for reply in replies {
            self.threads
                .entry(reply.parent.clone())
                .or_default()
                .push(reply);
        }
    }

    /// The replies to `annotation`, oldest first.
    pub fn thread(&self, annotation: &Annotation) -> &[Reply] {
        self.threads
            .get(&annotation.uuid)
            .map_or(&[], Vec::as_slice)
    }

    pub fn reply(&self, id: ReplyId) -> Option<&Reply> {
        self.threads.values().flatten().find(|r| r.id == id)
    }

    /// Adds or replaces a reply in its thread.
    /// Whether replies were put or taken since [`Marks::replies_written`] said `then`.
    pub fn replies_written_since(&self, then: u64) -> bool {
        self.replies_written != then
    }

    /// A count of the replies put or taken here, for [`Marks::replies_written_since`].
    pub fn replies_written(&self) -> u64 {
        self.replies_written
    }

    pub fn put_reply(&mut self, reply: Reply) {
        self.remove_reply(reply.id);
        let thread = self.threads.entry(reply.parent.clone()).or_default();
        let at = thread.partition_point(|r| (r.created_at, r.id) <= (reply.created_at, reply.id));
        thread.insert(at, reply);
    }

    pub fn remove_reply(&mut self, id: ReplyId) -> Option<Reply> {
        self.replies_written += 1;
        for thread in self.threads.values_mut() {
            if let Some(i) = thread.iter().position(|r| r.id == id) {
                return Some(thread.remove(i));
            }
        }
        None
    }
}
