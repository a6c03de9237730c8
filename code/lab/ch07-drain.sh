# ch07-drain: the module's lines and, between its markers, warn_alloc()'s
insmod ch07-drain.ko
dmesg | sed -n "/lab $LAB_NAME: /,\$p" | sed 's/^\[[^]]*\] //'
rmmod ch07_drain
