# ch02-gfp.sh: the module's eleven parts, each read from the log before the
# next is loaded. Generated from chapters/02-gfp.nw; edit the chapter.
for part in 0 1 2 3 4 5 6 7 8 9 10; do
        insmod /lab/ch02-gfp.ko part=$part || exit 1
        dmesg | sed -n "s/^\[[^]]*\] lab ch02-gfp: $part: //p"
        rmmod ch02_gfp
done
