# ch07-trace-atomic: the kmem events of one alloc_page(GFP_ATOMIC)
T=/sys/kernel/tracing
for e in mm_page_alloc mm_page_free mm_page_alloc_zone_locked \
         mm_page_pcpu_drain; do
        echo 1 > $T/events/kmem/$e/enable
done
for attempt in 1 2 3; do
        echo "attempt $attempt"
        echo 0 > $T/tracing_on
        echo > $T/trace
        insmod ch07-trace-atomic.ko
        dmesg | sed -n "s/^\[[^]]*\] lab $LAB_NAME: //p" | tail -n 1
        rmmod ch07_trace_atomic
        grep -v '^#' $T/trace
done
for e in mm_page_alloc mm_page_free mm_page_alloc_zone_locked \
         mm_page_pcpu_drain; do
        echo 0 > $T/events/kmem/$e/enable
done
