/* cmd_pages.c: `dot compound`, `trace refs` and the `order` quiz (chapter 9).
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "tool.h"

bool dot_compound(FILE *out, struct machine *machine)
{
        struct page *head = alloc_pages(machine, GFP_KERNEL | __GFP_COMP, 2);

        fprintf(out, "digraph compound {\n\trankdir=LR;\n\tnode [shape=box, "
                     "style=\"rounded,filled\", "
                     "fillcolor=\"#f4f1e8\", fontname=\"Helvetica\", "
                     "fontsize=10];\n");
        if (head) {
                unsigned long pfn = page_to_pfn(&machine->map, head);
                fprintf(out,
                        "\thead [label=\"head: pfn %#lx\\nPG_head, order %u, "
                        "refcount %d\", "
                        "fillcolor=\"#e3ecf7\"];\n",
                        pfn, compound_order(head), page_ref_count(head));
                for (int i = 1; i < 4; i++)
                        fprintf(out,
                                "\tt%d [label=\"tail: pfn %#lx\\nrefcount "
                                "%d\"];\n\tt%d -> head [label=\"%s\", "
                                "fontsize=9];\n",
                                i, pfn + (unsigned long)i,
                                page_ref_count(head + i), i,
                                compound_head(head + i) == head
                                        ? "compound_head"
                                        : "?");
        } else {
                fprintf(out, "\tfailed [label=\"alloc_pages(GFP_KERNEL | "
                             "__GFP_COMP, 2): NULL\", "
                             "fillcolor=\"#f4d6cc\"];\n");
        }
        fprintf(out, "}\n");
        return head != NULL;
}

void quiz_order(struct tool *tool, struct quiz *quiz)
{
        (void)tool;
        for (int question = 1; question <= 3; question++) {
                unsigned long size =
                        1 +
                        quiz_random(quiz, PAGE_SIZE << quiz_random(
                                                  quiz, MAX_PAGE_ORDER + 1));
                unsigned int order = get_order(size);
                printf("%d. A buffer of %lu bytes:\n", question, size);
                quiz_blank(quiz, "get_order", "%u", order);
                quiz_blank(quiz, "bytes in that block", "%lu",
                           PAGE_SIZE << order);
                quiz_blank(quiz, "pages alloc_pages_exact keeps", "%lu of %lu",
                           (size + PAGE_SIZE - 1) / PAGE_SIZE, 1UL << order);
        }
}
