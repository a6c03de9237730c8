# drain.gp: free pages of one zone as memory drains, against its watermarks.
# Data: the table of `labyrinth drain` (columns: pages held, free pages, min, low, high,
# kswapd wakeups, reserve allocations, phase 0 GFP_KERNEL / 1 GFP_ATOMIC), in the file
# named by the variable `datafile`.  tools/book.lua sets the terminal and the output,
# so the same script draws the SVG of the HTML book and the PDF of the printed one.
set termoption noenhanced
# The story happens in the last few thousand pages: show those, on a linear scale.
stats datafile using 1 name "held" nooutput
stats datafile using 5 name "high" nooutput
set xrange [held_max - 6000 : held_max + 200]
set yrange [0 : high_max * 1.8]
set xlabel "pages allocated and held (the last 6000 of the drain)"
set ylabel "free pages in the zone"
set key top right box opaque
set grid ytics lc rgb "#dddddd"
set border 3
set xtics nomirror
set ytics nomirror
# The atomic threshold: min, less half for ALLOC_MIN_RESERVE, less a quarter of the rest for ALLOC_NON_BLOCK.
atomic(m) = (m - int(m / 2)) - int((m - int(m / 2)) / 4)
plot datafile using 1:5 with lines dt 2 lc rgb "#4c72b0" title "high", \
     datafile using 1:4 with lines dt 2 lc rgb "#dd8452" title "low", \
     datafile using 1:3 with lines dt 2 lc rgb "#c44e52" title "min", \
     datafile using 1:(atomic($3)) with lines dt 3 lc rgb "#8c1d1d" title "atomic threshold", \
     datafile using 1:(($8 == 0 && $6 == 0) ? $2 : 1/0) with steps lw 2 lc rgb "#3b6e8f" title "GFP_KERNEL, kswapd asleep", \
     datafile using 1:(($8 == 0 && $6 > 0) ? $2 : 1/0) with steps lw 2 lc rgb "#e08a1e" title "GFP_KERNEL, kswapd woken", \
     datafile using 1:($8 == 1 ? $2 : 1/0) with steps lw 2 lc rgb "#b22222" title "GFP_ATOMIC, from the reserve"
