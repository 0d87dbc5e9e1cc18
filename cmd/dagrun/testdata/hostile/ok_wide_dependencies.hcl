pipe "p0" {
  use = "value"
  value = 1
}
pipe "p1" {
  use = "value"
  value = 1
}
pipe "p2" {
  use = "value"
  value = 1
}
pipe "p3" {
  use = "value"
  value = 1
}
pipe "p4" {
  use = "value"
  value = 1
}
pipe "p5" {
  use = "value"
  value = 1
}
pipe "p6" {
  use = "value"
  value = 1
}
pipe "p7" {
  use = "value"
  value = 1
}
pipe "p8" {
  use = "value"
  value = 1
}
pipe "p9" {
  use = "value"
  value = 1
}
pipe "p10" {
  use = "value"
  value = 1
}
pipe "p11" {
  use = "value"
  value = 1
}
pipe "p12" {
  use = "value"
  value = 1
}
pipe "p13" {
  use = "value"
  value = 1
}
pipe "p14" {
  use = "value"
  value = 1
}
pipe "p15" {
  use = "value"
  value = 1
}
pipe "p16" {
  use = "value"
  value = 1
}
pipe "p17" {
  use = "value"
  value = 1
}
pipe "p18" {
  use = "value"
  value = 1
}
pipe "p19" {
  use = "value"
  value = 1
}
pipe "p20" {
  use = "value"
  value = 1
}
pipe "p21" {
  use = "value"
  value = 1
}
pipe "p22" {
  use = "value"
  value = 1
}
pipe "p23" {
  use = "value"
  value = 1
}
pipe "p24" {
  use = "value"
  value = 1
}
pipe "p25" {
  use = "value"
  value = 1
}
pipe "p26" {
  use = "value"
  value = 1
}
pipe "p27" {
  use = "value"
  value = 1
}
pipe "p28" {
  use = "value"
  value = 1
}
pipe "p29" {
  use = "value"
  value = 1
}
pipe "p30" {
  use = "value"
  value = 1
}
pipe "p31" {
  use = "value"
  value = 1
}
pipe "p32" {
  use = "value"
  value = 1
}
pipe "p33" {
  use = "value"
  value = 1
}
pipe "p34" {
  use = "value"
  value = 1
}
pipe "p35" {
  use = "value"
  value = 1
}
pipe "p36" {
  use = "value"
  value = 1
}
pipe "p37" {
  use = "value"
  value = 1
}
pipe "p38" {
  use = "value"
  value = 1
}
pipe "p39" {
  use = "value"
  value = 1
}
pipe "p40" {
  use = "value"
  value = 1
}
pipe "p41" {
  use = "value"
  value = 1
}
pipe "p42" {
  use = "value"
  value = 1
}
pipe "p43" {
  use = "value"
  value = 1
}
pipe "p44" {
  use = "value"
  value = 1
}
pipe "p45" {
  use = "value"
  value = 1
}
pipe "p46" {
  use = "value"
  value = 1
}
pipe "p47" {
  use = "value"
  value = 1
}
pipe "p48" {
  use = "value"
  value = 1
}
pipe "p49" {
  use = "value"
  value = 1
}
pipe "p50" {
  use = "value"
  value = 1
}
pipe "p51" {
  use = "value"
  value = 1
}
pipe "p52" {
  use = "value"
  value = 1
}
pipe "p53" {
  use = "value"
  value = 1
}
pipe "p54" {
  use = "value"
  value = 1
}
pipe "p55" {
  use = "value"
  value = 1
}
pipe "p56" {
  use = "value"
  value = 1
}
pipe "p57" {
  use = "value"
  value = 1
}
pipe "p58" {
  use = "value"
  value = 1
}
pipe "p59" {
  use = "value"
  value = 1
}
pipe "p60" {
  use = "value"
  value = 1
}
pipe "p61" {
  use = "value"
  value = 1
}
pipe "p62" {
  use = "value"
  value = 1
}
pipe "p63" {
  use = "value"
  value = 1
}
pipe "p64" {
  use = "value"
  value = 1
}
pipe "p65" {
  use = "value"
  value = 1
}
pipe "p66" {
  use = "value"
  value = 1
}
pipe "p67" {
  use = "value"
  value = 1
}
pipe "p68" {
  use = "value"
  value = 1
}
pipe "p69" {
  use = "value"
  value = 1
}
pipe "p70" {
  use = "value"
  value = 1
}
pipe "p71" {
  use = "value"
  value = 1
}
pipe "p72" {
  use = "value"
  value = 1
}
pipe "p73" {
  use = "value"
  value = 1
}
pipe "p74" {
  use = "value"
  value = 1
}
pipe "p75" {
  use = "value"
  value = 1
}
pipe "p76" {
  use = "value"
  value = 1
}
pipe "p77" {
  use = "value"
  value = 1
}
pipe "p78" {
  use = "value"
  value = 1
}
pipe "p79" {
  use = "value"
  value = 1
}
pipe "p80" {
  use = "value"
  value = 1
}
pipe "p81" {
  use = "value"
  value = 1
}
pipe "p82" {
  use = "value"
  value = 1
}
pipe "p83" {
  use = "value"
  value = 1
}
pipe "p84" {
  use = "value"
  value = 1
}
pipe "p85" {
  use = "value"
  value = 1
}
pipe "p86" {
  use = "value"
  value = 1
}
pipe "p87" {
  use = "value"
  value = 1
}
pipe "p88" {
  use = "value"
  value = 1
}
pipe "p89" {
  use = "value"
  value = 1
}
pipe "p90" {
  use = "value"
  value = 1
}
pipe "p91" {
  use = "value"
  value = 1
}
pipe "p92" {
  use = "value"
  value = 1
}
pipe "p93" {
  use = "value"
  value = 1
}
pipe "p94" {
  use = "value"
  value = 1
}
pipe "p95" {
  use = "value"
  value = 1
}
pipe "p96" {
  use = "value"
  value = 1
}
pipe "p97" {
  use = "value"
  value = 1
}
pipe "p98" {
  use = "value"
  value = 1
}
pipe "p99" {
  use = "value"
  value = 1
}
pipe "p100" {
  use = "value"
  value = 1
}
pipe "p101" {
  use = "value"
  value = 1
}
pipe "p102" {
  use = "value"
  value = 1
}
pipe "p103" {
  use = "value"
  value = 1
}
pipe "p104" {
  use = "value"
  value = 1
}
pipe "p105" {
  use = "value"
  value = 1
}
pipe "p106" {
  use = "value"
  value = 1
}
pipe "p107" {
  use = "value"
  value = 1
}
pipe "p108" {
  use = "value"
  value = 1
}
pipe "p109" {
  use = "value"
  value = 1
}
pipe "p110" {
  use = "value"
  value = 1
}
pipe "p111" {
  use = "value"
  value = 1
}
pipe "p112" {
  use = "value"
  value = 1
}
pipe "p113" {
  use = "value"
  value = 1
}
pipe "p114" {
  use = "value"
  value = 1
}
pipe "p115" {
  use = "value"
  value = 1
}
pipe "p116" {
  use = "value"
  value = 1
}
pipe "p117" {
  use = "value"
  value = 1
}
pipe "p118" {
  use = "value"
  value = 1
}
pipe "p119" {
  use = "value"
  value = 1
}
pipe "p120" {
  use = "value"
  value = 1
}
pipe "p121" {
  use = "value"
  value = 1
}
pipe "p122" {
  use = "value"
  value = 1
}
pipe "p123" {
  use = "value"
  value = 1
}
pipe "p124" {
  use = "value"
  value = 1
}
pipe "p125" {
  use = "value"
  value = 1
}
pipe "p126" {
  use = "value"
  value = 1
}
pipe "p127" {
  use = "value"
  value = 1
}
pipe "p128" {
  use = "value"
  value = 1
}
pipe "p129" {
  use = "value"
  value = 1
}
pipe "p130" {
  use = "value"
  value = 1
}
pipe "p131" {
  use = "value"
  value = 1
}
pipe "p132" {
  use = "value"
  value = 1
}
pipe "p133" {
  use = "value"
  value = 1
}
pipe "p134" {
  use = "value"
  value = 1
}
pipe "p135" {
  use = "value"
  value = 1
}
pipe "p136" {
  use = "value"
  value = 1
}
pipe "p137" {
  use = "value"
  value = 1
}
pipe "p138" {
  use = "value"
  value = 1
}
pipe "p139" {
  use = "value"
  value = 1
}
pipe "p140" {
  use = "value"
  value = 1
}
pipe "p141" {
  use = "value"
  value = 1
}
pipe "p142" {
  use = "value"
  value = 1
}
pipe "p143" {
  use = "value"
  value = 1
}
pipe "p144" {
  use = "value"
  value = 1
}
pipe "p145" {
  use = "value"
  value = 1
}
pipe "p146" {
  use = "value"
  value = 1
}
pipe "p147" {
  use = "value"
  value = 1
}
pipe "p148" {
  use = "value"
  value = 1
}
pipe "p149" {
  use = "value"
  value = 1
}
pipe "p150" {
  use = "value"
  value = 1
}
pipe "p151" {
  use = "value"
  value = 1
}
pipe "p152" {
  use = "value"
  value = 1
}
pipe "p153" {
  use = "value"
  value = 1
}
pipe "p154" {
  use = "value"
  value = 1
}
pipe "p155" {
  use = "value"
  value = 1
}
pipe "p156" {
  use = "value"
  value = 1
}
pipe "p157" {
  use = "value"
  value = 1
}
pipe "p158" {
  use = "value"
  value = 1
}
pipe "p159" {
  use = "value"
  value = 1
}
pipe "p160" {
  use = "value"
  value = 1
}
pipe "p161" {
  use = "value"
  value = 1
}
pipe "p162" {
  use = "value"
  value = 1
}
pipe "p163" {
  use = "value"
  value = 1
}
pipe "p164" {
  use = "value"
  value = 1
}
pipe "p165" {
  use = "value"
  value = 1
}
pipe "p166" {
  use = "value"
  value = 1
}
pipe "p167" {
  use = "value"
  value = 1
}
pipe "p168" {
  use = "value"
  value = 1
}
pipe "p169" {
  use = "value"
  value = 1
}
pipe "p170" {
  use = "value"
  value = 1
}
pipe "p171" {
  use = "value"
  value = 1
}
pipe "p172" {
  use = "value"
  value = 1
}
pipe "p173" {
  use = "value"
  value = 1
}
pipe "p174" {
  use = "value"
  value = 1
}
pipe "p175" {
  use = "value"
  value = 1
}
pipe "p176" {
  use = "value"
  value = 1
}
pipe "p177" {
  use = "value"
  value = 1
}
pipe "p178" {
  use = "value"
  value = 1
}
pipe "p179" {
  use = "value"
  value = 1
}
pipe "p180" {
  use = "value"
  value = 1
}
pipe "p181" {
  use = "value"
  value = 1
}
pipe "p182" {
  use = "value"
  value = 1
}
pipe "p183" {
  use = "value"
  value = 1
}
pipe "p184" {
  use = "value"
  value = 1
}
pipe "p185" {
  use = "value"
  value = 1
}
pipe "p186" {
  use = "value"
  value = 1
}
pipe "p187" {
  use = "value"
  value = 1
}
pipe "p188" {
  use = "value"
  value = 1
}
pipe "p189" {
  use = "value"
  value = 1
}
pipe "p190" {
  use = "value"
  value = 1
}
pipe "p191" {
  use = "value"
  value = 1
}
pipe "p192" {
  use = "value"
  value = 1
}
pipe "p193" {
  use = "value"
  value = 1
}
pipe "p194" {
  use = "value"
  value = 1
}
pipe "p195" {
  use = "value"
  value = 1
}
pipe "p196" {
  use = "value"
  value = 1
}
pipe "p197" {
  use = "value"
  value = 1
}
pipe "p198" {
  use = "value"
  value = 1
}
pipe "p199" {
  use = "value"
  value = 1
}
pipe "p200" {
  use = "value"
  value = 1
}
pipe "p201" {
  use = "value"
  value = 1
}
pipe "p202" {
  use = "value"
  value = 1
}
pipe "p203" {
  use = "value"
  value = 1
}
pipe "p204" {
  use = "value"
  value = 1
}
pipe "p205" {
  use = "value"
  value = 1
}
pipe "p206" {
  use = "value"
  value = 1
}
pipe "p207" {
  use = "value"
  value = 1
}
pipe "p208" {
  use = "value"
  value = 1
}
pipe "p209" {
  use = "value"
  value = 1
}
pipe "p210" {
  use = "value"
  value = 1
}
pipe "p211" {
  use = "value"
  value = 1
}
pipe "p212" {
  use = "value"
  value = 1
}
pipe "p213" {
  use = "value"
  value = 1
}
pipe "p214" {
  use = "value"
  value = 1
}
pipe "p215" {
  use = "value"
  value = 1
}
pipe "p216" {
  use = "value"
  value = 1
}
pipe "p217" {
  use = "value"
  value = 1
}
pipe "p218" {
  use = "value"
  value = 1
}
pipe "p219" {
  use = "value"
  value = 1
}
pipe "p220" {
  use = "value"
  value = 1
}
pipe "p221" {
  use = "value"
  value = 1
}
pipe "p222" {
  use = "value"
  value = 1
}
pipe "p223" {
  use = "value"
  value = 1
}
pipe "p224" {
  use = "value"
  value = 1
}
pipe "p225" {
  use = "value"
  value = 1
}
pipe "p226" {
  use = "value"
  value = 1
}
pipe "p227" {
  use = "value"
  value = 1
}
pipe "p228" {
  use = "value"
  value = 1
}
pipe "p229" {
  use = "value"
  value = 1
}
pipe "p230" {
  use = "value"
  value = 1
}
pipe "p231" {
  use = "value"
  value = 1
}
pipe "p232" {
  use = "value"
  value = 1
}
pipe "p233" {
  use = "value"
  value = 1
}
pipe "p234" {
  use = "value"
  value = 1
}
pipe "p235" {
  use = "value"
  value = 1
}
pipe "p236" {
  use = "value"
  value = 1
}
pipe "p237" {
  use = "value"
  value = 1
}
pipe "p238" {
  use = "value"
  value = 1
}
pipe "p239" {
  use = "value"
  value = 1
}
pipe "p240" {
  use = "value"
  value = 1
}
pipe "p241" {
  use = "value"
  value = 1
}
pipe "p242" {
  use = "value"
  value = 1
}
pipe "p243" {
  use = "value"
  value = 1
}
pipe "p244" {
  use = "value"
  value = 1
}
pipe "p245" {
  use = "value"
  value = 1
}
pipe "p246" {
  use = "value"
  value = 1
}
pipe "p247" {
  use = "value"
  value = 1
}
pipe "p248" {
  use = "value"
  value = 1
}
pipe "p249" {
  use = "value"
  value = 1
}
pipe "p250" {
  use = "value"
  value = 1
}
pipe "p251" {
  use = "value"
  value = 1
}
pipe "p252" {
  use = "value"
  value = 1
}
pipe "p253" {
  use = "value"
  value = 1
}
pipe "p254" {
  use = "value"
  value = 1
}
pipe "p255" {
  use = "value"
  value = 1
}
pipe "p256" {
  use = "value"
  value = 1
}
pipe "p257" {
  use = "value"
  value = 1
}
pipe "p258" {
  use = "value"
  value = 1
}
pipe "p259" {
  use = "value"
  value = 1
}
pipe "p260" {
  use = "value"
  value = 1
}
pipe "p261" {
  use = "value"
  value = 1
}
pipe "p262" {
  use = "value"
  value = 1
}
pipe "p263" {
  use = "value"
  value = 1
}
pipe "p264" {
  use = "value"
  value = 1
}
pipe "p265" {
  use = "value"
  value = 1
}
pipe "p266" {
  use = "value"
  value = 1
}
pipe "p267" {
  use = "value"
  value = 1
}
pipe "p268" {
  use = "value"
  value = 1
}
pipe "p269" {
  use = "value"
  value = 1
}
pipe "p270" {
  use = "value"
  value = 1
}
pipe "p271" {
  use = "value"
  value = 1
}
pipe "p272" {
  use = "value"
  value = 1
}
pipe "p273" {
  use = "value"
  value = 1
}
pipe "p274" {
  use = "value"
  value = 1
}
pipe "p275" {
  use = "value"
  value = 1
}
pipe "p276" {
  use = "value"
  value = 1
}
pipe "p277" {
  use = "value"
  value = 1
}
pipe "p278" {
  use = "value"
  value = 1
}
pipe "p279" {
  use = "value"
  value = 1
}
pipe "p280" {
  use = "value"
  value = 1
}
pipe "p281" {
  use = "value"
  value = 1
}
pipe "p282" {
  use = "value"
  value = 1
}
pipe "p283" {
  use = "value"
  value = 1
}
pipe "p284" {
  use = "value"
  value = 1
}
pipe "p285" {
  use = "value"
  value = 1
}
pipe "p286" {
  use = "value"
  value = 1
}
pipe "p287" {
  use = "value"
  value = 1
}
pipe "p288" {
  use = "value"
  value = 1
}
pipe "p289" {
  use = "value"
  value = 1
}
pipe "p290" {
  use = "value"
  value = 1
}
pipe "p291" {
  use = "value"
  value = 1
}
pipe "p292" {
  use = "value"
  value = 1
}
pipe "p293" {
  use = "value"
  value = 1
}
pipe "p294" {
  use = "value"
  value = 1
}
pipe "p295" {
  use = "value"
  value = 1
}
pipe "p296" {
  use = "value"
  value = 1
}
pipe "p297" {
  use = "value"
  value = 1
}
pipe "p298" {
  use = "value"
  value = 1
}
pipe "p299" {
  use = "value"
  value = 1
}
pipe "p300" {
  use = "value"
  value = 1
}
pipe "p301" {
  use = "value"
  value = 1
}
pipe "p302" {
  use = "value"
  value = 1
}
pipe "p303" {
  use = "value"
  value = 1
}
pipe "p304" {
  use = "value"
  value = 1
}
pipe "p305" {
  use = "value"
  value = 1
}
pipe "p306" {
  use = "value"
  value = 1
}
pipe "p307" {
  use = "value"
  value = 1
}
pipe "p308" {
  use = "value"
  value = 1
}
pipe "p309" {
  use = "value"
  value = 1
}
pipe "p310" {
  use = "value"
  value = 1
}
pipe "p311" {
  use = "value"
  value = 1
}
pipe "p312" {
  use = "value"
  value = 1
}
pipe "p313" {
  use = "value"
  value = 1
}
pipe "p314" {
  use = "value"
  value = 1
}
pipe "p315" {
  use = "value"
  value = 1
}
pipe "p316" {
  use = "value"
  value = 1
}
pipe "p317" {
  use = "value"
  value = 1
}
pipe "p318" {
  use = "value"
  value = 1
}
pipe "p319" {
  use = "value"
  value = 1
}
pipe "p320" {
  use = "value"
  value = 1
}
pipe "p321" {
  use = "value"
  value = 1
}
pipe "p322" {
  use = "value"
  value = 1
}
pipe "p323" {
  use = "value"
  value = 1
}
pipe "p324" {
  use = "value"
  value = 1
}
pipe "p325" {
  use = "value"
  value = 1
}
pipe "p326" {
  use = "value"
  value = 1
}
pipe "p327" {
  use = "value"
  value = 1
}
pipe "p328" {
  use = "value"
  value = 1
}
pipe "p329" {
  use = "value"
  value = 1
}
pipe "p330" {
  use = "value"
  value = 1
}
pipe "p331" {
  use = "value"
  value = 1
}
pipe "p332" {
  use = "value"
  value = 1
}
pipe "p333" {
  use = "value"
  value = 1
}
pipe "p334" {
  use = "value"
  value = 1
}
pipe "p335" {
  use = "value"
  value = 1
}
pipe "p336" {
  use = "value"
  value = 1
}
pipe "p337" {
  use = "value"
  value = 1
}
pipe "p338" {
  use = "value"
  value = 1
}
pipe "p339" {
  use = "value"
  value = 1
}
pipe "p340" {
  use = "value"
  value = 1
}
pipe "p341" {
  use = "value"
  value = 1
}
pipe "p342" {
  use = "value"
  value = 1
}
pipe "p343" {
  use = "value"
  value = 1
}
pipe "p344" {
  use = "value"
  value = 1
}
pipe "p345" {
  use = "value"
  value = 1
}
pipe "p346" {
  use = "value"
  value = 1
}
pipe "p347" {
  use = "value"
  value = 1
}
pipe "p348" {
  use = "value"
  value = 1
}
pipe "p349" {
  use = "value"
  value = 1
}
pipe "p350" {
  use = "value"
  value = 1
}
pipe "p351" {
  use = "value"
  value = 1
}
pipe "p352" {
  use = "value"
  value = 1
}
pipe "p353" {
  use = "value"
  value = 1
}
pipe "p354" {
  use = "value"
  value = 1
}
pipe "p355" {
  use = "value"
  value = 1
}
pipe "p356" {
  use = "value"
  value = 1
}
pipe "p357" {
  use = "value"
  value = 1
}
pipe "p358" {
  use = "value"
  value = 1
}
pipe "p359" {
  use = "value"
  value = 1
}
pipe "p360" {
  use = "value"
  value = 1
}
pipe "p361" {
  use = "value"
  value = 1
}
pipe "p362" {
  use = "value"
  value = 1
}
pipe "p363" {
  use = "value"
  value = 1
}
pipe "p364" {
  use = "value"
  value = 1
}
pipe "p365" {
  use = "value"
  value = 1
}
pipe "p366" {
  use = "value"
  value = 1
}
pipe "p367" {
  use = "value"
  value = 1
}
pipe "p368" {
  use = "value"
  value = 1
}
pipe "p369" {
  use = "value"
  value = 1
}
pipe "p370" {
  use = "value"
  value = 1
}
pipe "p371" {
  use = "value"
  value = 1
}
pipe "p372" {
  use = "value"
  value = 1
}
pipe "p373" {
  use = "value"
  value = 1
}
pipe "p374" {
  use = "value"
  value = 1
}
pipe "p375" {
  use = "value"
  value = 1
}
pipe "p376" {
  use = "value"
  value = 1
}
pipe "p377" {
  use = "value"
  value = 1
}
pipe "p378" {
  use = "value"
  value = 1
}
pipe "p379" {
  use = "value"
  value = 1
}
pipe "p380" {
  use = "value"
  value = 1
}
pipe "p381" {
  use = "value"
  value = 1
}
pipe "p382" {
  use = "value"
  value = 1
}
pipe "p383" {
  use = "value"
  value = 1
}
pipe "p384" {
  use = "value"
  value = 1
}
pipe "p385" {
  use = "value"
  value = 1
}
pipe "p386" {
  use = "value"
  value = 1
}
pipe "p387" {
  use = "value"
  value = 1
}
pipe "p388" {
  use = "value"
  value = 1
}
pipe "p389" {
  use = "value"
  value = 1
}
pipe "p390" {
  use = "value"
  value = 1
}
pipe "p391" {
  use = "value"
  value = 1
}
pipe "p392" {
  use = "value"
  value = 1
}
pipe "p393" {
  use = "value"
  value = 1
}
pipe "p394" {
  use = "value"
  value = 1
}
pipe "p395" {
  use = "value"
  value = 1
}
pipe "p396" {
  use = "value"
  value = 1
}
pipe "p397" {
  use = "value"
  value = 1
}
pipe "p398" {
  use = "value"
  value = 1
}
pipe "p399" {
  use = "value"
  value = 1
}
pipe "p400" {
  use = "value"
  value = 1
}
pipe "p401" {
  use = "value"
  value = 1
}
pipe "p402" {
  use = "value"
  value = 1
}
pipe "p403" {
  use = "value"
  value = 1
}
pipe "p404" {
  use = "value"
  value = 1
}
pipe "p405" {
  use = "value"
  value = 1
}
pipe "p406" {
  use = "value"
  value = 1
}
pipe "p407" {
  use = "value"
  value = 1
}
pipe "p408" {
  use = "value"
  value = 1
}
pipe "p409" {
  use = "value"
  value = 1
}
pipe "p410" {
  use = "value"
  value = 1
}
pipe "p411" {
  use = "value"
  value = 1
}
pipe "p412" {
  use = "value"
  value = 1
}
pipe "p413" {
  use = "value"
  value = 1
}
pipe "p414" {
  use = "value"
  value = 1
}
pipe "p415" {
  use = "value"
  value = 1
}
pipe "p416" {
  use = "value"
  value = 1
}
pipe "p417" {
  use = "value"
  value = 1
}
pipe "p418" {
  use = "value"
  value = 1
}
pipe "p419" {
  use = "value"
  value = 1
}
pipe "p420" {
  use = "value"
  value = 1
}
pipe "p421" {
  use = "value"
  value = 1
}
pipe "p422" {
  use = "value"
  value = 1
}
pipe "p423" {
  use = "value"
  value = 1
}
pipe "p424" {
  use = "value"
  value = 1
}
pipe "p425" {
  use = "value"
  value = 1
}
pipe "p426" {
  use = "value"
  value = 1
}
pipe "p427" {
  use = "value"
  value = 1
}
pipe "p428" {
  use = "value"
  value = 1
}
pipe "p429" {
  use = "value"
  value = 1
}
pipe "p430" {
  use = "value"
  value = 1
}
pipe "p431" {
  use = "value"
  value = 1
}
pipe "p432" {
  use = "value"
  value = 1
}
pipe "p433" {
  use = "value"
  value = 1
}
pipe "p434" {
  use = "value"
  value = 1
}
pipe "p435" {
  use = "value"
  value = 1
}
pipe "p436" {
  use = "value"
  value = 1
}
pipe "p437" {
  use = "value"
  value = 1
}
pipe "p438" {
  use = "value"
  value = 1
}
pipe "p439" {
  use = "value"
  value = 1
}
pipe "p440" {
  use = "value"
  value = 1
}
pipe "p441" {
  use = "value"
  value = 1
}
pipe "p442" {
  use = "value"
  value = 1
}
pipe "p443" {
  use = "value"
  value = 1
}
pipe "p444" {
  use = "value"
  value = 1
}
pipe "p445" {
  use = "value"
  value = 1
}
pipe "p446" {
  use = "value"
  value = 1
}
pipe "p447" {
  use = "value"
  value = 1
}
pipe "p448" {
  use = "value"
  value = 1
}
pipe "p449" {
  use = "value"
  value = 1
}
pipe "p450" {
  use = "value"
  value = 1
}
pipe "p451" {
  use = "value"
  value = 1
}
pipe "p452" {
  use = "value"
  value = 1
}
pipe "p453" {
  use = "value"
  value = 1
}
pipe "p454" {
  use = "value"
  value = 1
}
pipe "p455" {
  use = "value"
  value = 1
}
pipe "p456" {
  use = "value"
  value = 1
}
pipe "p457" {
  use = "value"
  value = 1
}
pipe "p458" {
  use = "value"
  value = 1
}
pipe "p459" {
  use = "value"
  value = 1
}
pipe "p460" {
  use = "value"
  value = 1
}
pipe "p461" {
  use = "value"
  value = 1
}
pipe "p462" {
  use = "value"
  value = 1
}
pipe "p463" {
  use = "value"
  value = 1
}
pipe "p464" {
  use = "value"
  value = 1
}
pipe "p465" {
  use = "value"
  value = 1
}
pipe "p466" {
  use = "value"
  value = 1
}
pipe "p467" {
  use = "value"
  value = 1
}
pipe "p468" {
  use = "value"
  value = 1
}
pipe "p469" {
  use = "value"
  value = 1
}
pipe "p470" {
  use = "value"
  value = 1
}
pipe "p471" {
  use = "value"
  value = 1
}
pipe "p472" {
  use = "value"
  value = 1
}
pipe "p473" {
  use = "value"
  value = 1
}
pipe "p474" {
  use = "value"
  value = 1
}
pipe "p475" {
  use = "value"
  value = 1
}
pipe "p476" {
  use = "value"
  value = 1
}
pipe "p477" {
  use = "value"
  value = 1
}
pipe "p478" {
  use = "value"
  value = 1
}
pipe "p479" {
  use = "value"
  value = 1
}
pipe "p480" {
  use = "value"
  value = 1
}
pipe "p481" {
  use = "value"
  value = 1
}
pipe "p482" {
  use = "value"
  value = 1
}
pipe "p483" {
  use = "value"
  value = 1
}
pipe "p484" {
  use = "value"
  value = 1
}
pipe "p485" {
  use = "value"
  value = 1
}
pipe "p486" {
  use = "value"
  value = 1
}
pipe "p487" {
  use = "value"
  value = 1
}
pipe "p488" {
  use = "value"
  value = 1
}
pipe "p489" {
  use = "value"
  value = 1
}
pipe "p490" {
  use = "value"
  value = 1
}
pipe "p491" {
  use = "value"
  value = 1
}
pipe "p492" {
  use = "value"
  value = 1
}
pipe "p493" {
  use = "value"
  value = 1
}
pipe "p494" {
  use = "value"
  value = 1
}
pipe "p495" {
  use = "value"
  value = 1
}
pipe "p496" {
  use = "value"
  value = 1
}
pipe "p497" {
  use = "value"
  value = 1
}
pipe "p498" {
  use = "value"
  value = 1
}
pipe "p499" {
  use = "value"
  value = 1
}
pipe "sink" {
  use = "value"
  value = 1
  depends_on = [pipe.p0, pipe.p1, pipe.p2, pipe.p3, pipe.p4, pipe.p5, pipe.p6, pipe.p7, pipe.p8, pipe.p9, pipe.p10, pipe.p11, pipe.p12, pipe.p13, pipe.p14, pipe.p15, pipe.p16, pipe.p17, pipe.p18, pipe.p19, pipe.p20, pipe.p21, pipe.p22, pipe.p23, pipe.p24, pipe.p25, pipe.p26, pipe.p27, pipe.p28, pipe.p29, pipe.p30, pipe.p31, pipe.p32, pipe.p33, pipe.p34, pipe.p35, pipe.p36, pipe.p37, pipe.p38, pipe.p39, pipe.p40, pipe.p41, pipe.p42, pipe.p43, pipe.p44, pipe.p45, pipe.p46, pipe.p47, pipe.p48, pipe.p49, pipe.p50, pipe.p51, pipe.p52, pipe.p53, pipe.p54, pipe.p55, pipe.p56, pipe.p57, pipe.p58, pipe.p59, pipe.p60, pipe.p61, pipe.p62, pipe.p63, pipe.p64, pipe.p65, pipe.p66, pipe.p67, pipe.p68, pipe.p69, pipe.p70, pipe.p71, pipe.p72, pipe.p73, pipe.p74, pipe.p75, pipe.p76, pipe.p77, pipe.p78, pipe.p79, pipe.p80, pipe.p81, pipe.p82, pipe.p83, pipe.p84, pipe.p85, pipe.p86, pipe.p87, pipe.p88, pipe.p89, pipe.p90, pipe.p91, pipe.p92, pipe.p93, pipe.p94, pipe.p95, pipe.p96, pipe.p97, pipe.p98, pipe.p99, pipe.p100, pipe.p101, pipe.p102, pipe.p103, pipe.p104, pipe.p105, pipe.p106, pipe.p107, pipe.p108, pipe.p109, pipe.p110, pipe.p111, pipe.p112, pipe.p113, pipe.p114, pipe.p115, pipe.p116, pipe.p117, pipe.p118, pipe.p119, pipe.p120, pipe.p121, pipe.p122, pipe.p123, pipe.p124, pipe.p125, pipe.p126, pipe.p127, pipe.p128, pipe.p129, pipe.p130, pipe.p131, pipe.p132, pipe.p133, pipe.p134, pipe.p135, pipe.p136, pipe.p137, pipe.p138, pipe.p139, pipe.p140, pipe.p141, pipe.p142, pipe.p143, pipe.p144, pipe.p145, pipe.p146, pipe.p147, pipe.p148, pipe.p149, pipe.p150, pipe.p151, pipe.p152, pipe.p153, pipe.p154, pipe.p155, pipe.p156, pipe.p157, pipe.p158, pipe.p159, pipe.p160, pipe.p161, pipe.p162, pipe.p163, pipe.p164, pipe.p165, pipe.p166, pipe.p167, pipe.p168, pipe.p169, pipe.p170, pipe.p171, pipe.p172, pipe.p173, pipe.p174, pipe.p175, pipe.p176, pipe.p177, pipe.p178, pipe.p179, pipe.p180, pipe.p181, pipe.p182, pipe.p183, pipe.p184, pipe.p185, pipe.p186, pipe.p187, pipe.p188, pipe.p189, pipe.p190, pipe.p191, pipe.p192, pipe.p193, pipe.p194, pipe.p195, pipe.p196, pipe.p197, pipe.p198, pipe.p199, pipe.p200, pipe.p201, pipe.p202, pipe.p203, pipe.p204, pipe.p205, pipe.p206, pipe.p207, pipe.p208, pipe.p209, pipe.p210, pipe.p211, pipe.p212, pipe.p213, pipe.p214, pipe.p215, pipe.p216, pipe.p217, pipe.p218, pipe.p219, pipe.p220, pipe.p221, pipe.p222, pipe.p223, pipe.p224, pipe.p225, pipe.p226, pipe.p227, pipe.p228, pipe.p229, pipe.p230, pipe.p231, pipe.p232, pipe.p233, pipe.p234, pipe.p235, pipe.p236, pipe.p237, pipe.p238, pipe.p239, pipe.p240, pipe.p241, pipe.p242, pipe.p243, pipe.p244, pipe.p245, pipe.p246, pipe.p247, pipe.p248, pipe.p249, pipe.p250, pipe.p251, pipe.p252, pipe.p253, pipe.p254, pipe.p255, pipe.p256, pipe.p257, pipe.p258, pipe.p259, pipe.p260, pipe.p261, pipe.p262, pipe.p263, pipe.p264, pipe.p265, pipe.p266, pipe.p267, pipe.p268, pipe.p269, pipe.p270, pipe.p271, pipe.p272, pipe.p273, pipe.p274, pipe.p275, pipe.p276, pipe.p277, pipe.p278, pipe.p279, pipe.p280, pipe.p281, pipe.p282, pipe.p283, pipe.p284, pipe.p285, pipe.p286, pipe.p287, pipe.p288, pipe.p289, pipe.p290, pipe.p291, pipe.p292, pipe.p293, pipe.p294, pipe.p295, pipe.p296, pipe.p297, pipe.p298, pipe.p299, pipe.p300, pipe.p301, pipe.p302, pipe.p303, pipe.p304, pipe.p305, pipe.p306, pipe.p307, pipe.p308, pipe.p309, pipe.p310, pipe.p311, pipe.p312, pipe.p313, pipe.p314, pipe.p315, pipe.p316, pipe.p317, pipe.p318, pipe.p319, pipe.p320, pipe.p321, pipe.p322, pipe.p323, pipe.p324, pipe.p325, pipe.p326, pipe.p327, pipe.p328, pipe.p329, pipe.p330, pipe.p331, pipe.p332, pipe.p333, pipe.p334, pipe.p335, pipe.p336, pipe.p337, pipe.p338, pipe.p339, pipe.p340, pipe.p341, pipe.p342, pipe.p343, pipe.p344, pipe.p345, pipe.p346, pipe.p347, pipe.p348, pipe.p349, pipe.p350, pipe.p351, pipe.p352, pipe.p353, pipe.p354, pipe.p355, pipe.p356, pipe.p357, pipe.p358, pipe.p359, pipe.p360, pipe.p361, pipe.p362, pipe.p363, pipe.p364, pipe.p365, pipe.p366, pipe.p367, pipe.p368, pipe.p369, pipe.p370, pipe.p371, pipe.p372, pipe.p373, pipe.p374, pipe.p375, pipe.p376, pipe.p377, pipe.p378, pipe.p379, pipe.p380, pipe.p381, pipe.p382, pipe.p383, pipe.p384, pipe.p385, pipe.p386, pipe.p387, pipe.p388, pipe.p389, pipe.p390, pipe.p391, pipe.p392, pipe.p393, pipe.p394, pipe.p395, pipe.p396, pipe.p397, pipe.p398, pipe.p399, pipe.p400, pipe.p401, pipe.p402, pipe.p403, pipe.p404, pipe.p405, pipe.p406, pipe.p407, pipe.p408, pipe.p409, pipe.p410, pipe.p411, pipe.p412, pipe.p413, pipe.p414, pipe.p415, pipe.p416, pipe.p417, pipe.p418, pipe.p419, pipe.p420, pipe.p421, pipe.p422, pipe.p423, pipe.p424, pipe.p425, pipe.p426, pipe.p427, pipe.p428, pipe.p429, pipe.p430, pipe.p431, pipe.p432, pipe.p433, pipe.p434, pipe.p435, pipe.p436, pipe.p437, pipe.p438, pipe.p439, pipe.p440, pipe.p441, pipe.p442, pipe.p443, pipe.p444, pipe.p445, pipe.p446, pipe.p447, pipe.p448, pipe.p449, pipe.p450, pipe.p451, pipe.p452, pipe.p453, pipe.p454, pipe.p455, pipe.p456, pipe.p457, pipe.p458, pipe.p459, pipe.p460, pipe.p461, pipe.p462, pipe.p463, pipe.p464, pipe.p465, pipe.p466, pipe.p467, pipe.p468, pipe.p469, pipe.p470, pipe.p471, pipe.p472, pipe.p473, pipe.p474, pipe.p475, pipe.p476, pipe.p477, pipe.p478, pipe.p479, pipe.p480, pipe.p481, pipe.p482, pipe.p483, pipe.p484, pipe.p485, pipe.p486, pipe.p487, pipe.p488, pipe.p489, pipe.p490, pipe.p491, pipe.p492, pipe.p493, pipe.p494, pipe.p495, pipe.p496, pipe.p497, pipe.p498, pipe.p499]
}
