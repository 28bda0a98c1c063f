set terminal pngcairo size 1100,560 font ",10"
set datafile separator whitespace
set output "latency.png"
set title "Latency by scenario (log scale); bars: p50, p99, p99.9"
set ylabel "ms"
set logscale y
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -35
set grid ytics
plot "latency.dat" using 3:xtic(2) title "p50", "" using 4 title "p99", "" using 5 title "p99.9"
set output "depth.png"
set terminal pngcairo size 800,500 font ",10"
set title "History page (50 messages) by depth in a 1,000,000-message conversation, p50"
set xlabel "messages newer than the page"
set ylabel "ms (log scale)"
unset style
set style data linespoints
set xtics norotate
plot "depth.dat" using 2:xtic(1) title "keyset cursor (Parley)" lw 2, "" using 3 title "page number (Parley)" lw 2, "" using 4 title "OFFSET (the original)" lw 2
