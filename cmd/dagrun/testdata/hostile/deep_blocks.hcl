pipe "p0" {
pipe "p1" {
pipe "p2" {
pipe "p3" {
pipe "p4" {
pipe "p5" {
pipe "p6" {
pipe "p7" {
pipe "p8" {
pipe "p9" {
pipe "p10" {
pipe "p11" {
pipe "p12" {
pipe "p13" {
pipe "p14" {
pipe "p15" {
pipe "p16" {
pipe "p17" {
pipe "p18" {
pipe "p19" {
pipe "p20" {
pipe "p21" {
pipe "p22" {
pipe "p23" {
pipe "p24" {
pipe "p25" {
pipe "p26" {
pipe "p27" {
pipe "p28" {
pipe "p29" {
pipe "p30" {
pipe "p31" {
pipe "p32" {
pipe "p33" {
pipe "p34" {
pipe "p35" {
pipe "p36" {
pipe "p37" {
pipe "p38" {
pipe "p39" {
pipe "p40" {
pipe "p41" {
pipe "p42" {
pipe "p43" {
pipe "p44" {
pipe "p45" {
pipe "p46" {
pipe "p47" {
pipe "p48" {
pipe "p49" {
pipe "p50" {
pipe "p51" {
pipe "p52" {
pipe "p53" {
pipe "p54" {
pipe "p55" {
pipe "p56" {
pipe "p57" {
pipe "p58" {
pipe "p59" {
pipe "p60" {
pipe "p61" {
pipe "p62" {
pipe "p63" {
pipe "p64" {
pipe "p65" {
pipe "p66" {
pipe "p67" {
pipe "p68" {
pipe "p69" {
pipe "p70" {
pipe "p71" {
pipe "p72" {
pipe "p73" {
pipe "p74" {
pipe "p75" {
pipe "p76" {
pipe "p77" {
pipe "p78" {
pipe "p79" {
pipe "p80" {
pipe "p81" {
pipe "p82" {
pipe "p83" {
pipe "p84" {
pipe "p85" {
pipe "p86" {
pipe "p87" {
pipe "p88" {
pipe "p89" {
pipe "p90" {
pipe "p91" {
pipe "p92" {
pipe "p93" {
pipe "p94" {
pipe "p95" {
pipe "p96" {
pipe "p97" {
pipe "p98" {
pipe "p99" {
pipe "p100" {
pipe "p101" {
pipe "p102" {
pipe "p103" {
pipe "p104" {
pipe "p105" {
pipe "p106" {
pipe "p107" {
pipe "p108" {
pipe "p109" {
pipe "p110" {
pipe "p111" {
pipe "p112" {
pipe "p113" {
pipe "p114" {
pipe "p115" {
pipe "p116" {
pipe "p117" {
pipe "p118" {
pipe "p119" {
pipe "p120" {
pipe "p121" {
pipe "p122" {
pipe "p123" {
pipe "p124" {
pipe "p125" {
pipe "p126" {
pipe "p127" {
pipe "p128" {
pipe "p129" {
pipe "p130" {
pipe "p131" {
pipe "p132" {
pipe "p133" {
pipe "p134" {
pipe "p135" {
pipe "p136" {
pipe "p137" {
pipe "p138" {
pipe "p139" {
pipe "p140" {
pipe "p141" {
pipe "p142" {
pipe "p143" {
pipe "p144" {
pipe "p145" {
pipe "p146" {
pipe "p147" {
pipe "p148" {
pipe "p149" {
pipe "p150" {
pipe "p151" {
pipe "p152" {
pipe "p153" {
pipe "p154" {
pipe "p155" {
pipe "p156" {
pipe "p157" {
pipe "p158" {
pipe "p159" {
pipe "p160" {
pipe "p161" {
pipe "p162" {
pipe "p163" {
pipe "p164" {
pipe "p165" {
pipe "p166" {
pipe "p167" {
pipe "p168" {
pipe "p169" {
pipe "p170" {
pipe "p171" {
pipe "p172" {
pipe "p173" {
pipe "p174" {
pipe "p175" {
pipe "p176" {
pipe "p177" {
pipe "p178" {
pipe "p179" {
pipe "p180" {
pipe "p181" {
pipe "p182" {
pipe "p183" {
pipe "p184" {
pipe "p185" {
pipe "p186" {
pipe "p187" {
pipe "p188" {
pipe "p189" {
pipe "p190" {
pipe "p191" {
pipe "p192" {
pipe "p193" {
pipe "p194" {
pipe "p195" {
pipe "p196" {
pipe "p197" {
pipe "p198" {
pipe "p199" {
pipe "p200" {
pipe "p201" {
pipe "p202" {
pipe "p203" {
pipe "p204" {
pipe "p205" {
pipe "p206" {
pipe "p207" {
pipe "p208" {
pipe "p209" {
pipe "p210" {
pipe "p211" {
pipe "p212" {
pipe "p213" {
pipe "p214" {
pipe "p215" {
pipe "p216" {
pipe "p217" {
pipe "p218" {
pipe "p219" {
pipe "p220" {
pipe "p221" {
pipe "p222" {
pipe "p223" {
pipe "p224" {
pipe "p225" {
pipe "p226" {
pipe "p227" {
pipe "p228" {
pipe "p229" {
pipe "p230" {
pipe "p231" {
pipe "p232" {
pipe "p233" {
pipe "p234" {
pipe "p235" {
pipe "p236" {
pipe "p237" {
pipe "p238" {
pipe "p239" {
pipe "p240" {
pipe "p241" {
pipe "p242" {
pipe "p243" {
pipe "p244" {
pipe "p245" {
pipe "p246" {
pipe "p247" {
pipe "p248" {
pipe "p249" {
pipe "p250" {
pipe "p251" {
pipe "p252" {
pipe "p253" {
pipe "p254" {
pipe "p255" {
pipe "p256" {
pipe "p257" {
pipe "p258" {
pipe "p259" {
pipe "p260" {
pipe "p261" {
pipe "p262" {
pipe "p263" {
pipe "p264" {
pipe "p265" {
pipe "p266" {
pipe "p267" {
pipe "p268" {
pipe "p269" {
pipe "p270" {
pipe "p271" {
pipe "p272" {
pipe "p273" {
pipe "p274" {
pipe "p275" {
pipe "p276" {
pipe "p277" {
pipe "p278" {
pipe "p279" {
pipe "p280" {
pipe "p281" {
pipe "p282" {
pipe "p283" {
pipe "p284" {
pipe "p285" {
pipe "p286" {
pipe "p287" {
pipe "p288" {
pipe "p289" {
pipe "p290" {
pipe "p291" {
pipe "p292" {
pipe "p293" {
pipe "p294" {
pipe "p295" {
pipe "p296" {
pipe "p297" {
pipe "p298" {
pipe "p299" {
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
