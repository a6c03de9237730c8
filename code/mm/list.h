/* list.h: intrusive doubly linked lists, after include/linux/list.h.
 * Generated from chapters/01-pages.nw by notangle; edit the chapter, not this
 * file. */
#ifndef LABYRINTH_LIST_H
#define LABYRINTH_LIST_H

#include <stdbool.h>
#include <stddef.h>

#define READ_ONCE(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, value) __atomic_store_n(&(x), (value), __ATOMIC_RELAXED)
struct list_head {
        struct list_head *next, *prev;
};

static inline void INIT_LIST_HEAD(struct list_head *head)
{
        WRITE_ONCE(head->next, head);
        head->prev = head;
}

static inline bool list_empty(const struct list_head *head)
{
        return READ_ONCE(head->next) == head;
}
static inline void list_splice_between(struct list_head *entry,
                                       struct list_head *prev,
                                       struct list_head *next)
{
        next->prev = entry;
        entry->next = next;
        entry->prev = prev;
        WRITE_ONCE(prev->next, entry);
}

static inline void list_add(struct list_head *entry, struct list_head *head)
{
        list_splice_between(entry, head, head->next);
}

static inline void list_add_tail(struct list_head *entry,
                                 struct list_head *head)
{
        list_splice_between(entry, head->prev, head);
}
static inline void list_del(struct list_head *entry)
{
        WRITE_ONCE(entry->prev->next, entry->next);
        entry->next->prev = entry->prev;
        entry->next = NULL;
        entry->prev = NULL;
}

#define container_of(ptr, type, member) \
        ((type *)((char *)(ptr) - offsetof(type, member)))
#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(head, type, member) \
        list_entry((head)->next, type, member)

#endif
