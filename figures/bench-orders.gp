# bench-orders.gp: nanoseconds per allocation and free, by order, on the buddy path.
# Data: two columns, the order and ns per pair, cut from `labyrinth bench` (the
# buddy-orderN-pair lines), in the file named by the variable `datafile`.
# tools/book.lua sets the terminal and the output (SVG for HTML, PDF for LaTeX).
set termoption noenhanced
set xrange [-0.5 : 10.5]
set xtics 0, 1, 10 nomirror
set logscale y 2
set ytics nomirror
set yrange [16 : *]
set xlabel "order of the block (2^order pages)"
set ylabel "ns per alloc_pages + __free_pages"
set grid ytics lc rgb "#dddddd"
set border 3
set key bottom right box opaque
plot datafile using 1:2 with linespoints lw 2 pt 7 lc rgb "#3b6e8f" title "per-CPU lists disabled (zone lock every time), zone in use"
