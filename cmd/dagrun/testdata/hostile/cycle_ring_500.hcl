pipe "p0" {
  use = "value"
  value = pipe.p1.output
}
pipe "p1" {
  use = "value"
  value = pipe.p2.output
}
pipe "p2" {
  use = "value"
  value = pipe.p3.output
}
pipe "p3" {
  use = "value"
  value = pipe.p4.output
}
pipe "p4" {
  use = "value"
  value = pipe.p5.output
}
pipe "p5" {
  use = "value"
  value = pipe.p6.output
}
pipe "p6" {
  use = "value"
  value = pipe.p7.output
}
pipe "p7" {
  use = "value"
  value = pipe.p8.output
}
pipe "p8" {
  use = "value"
  value = pipe.p9.output
}
pipe "p9" {
  use = "value"
  value = pipe.p10.output
}
pipe "p10" {
  use = "value"
  value = pipe.p11.output
}
pipe "p11" {
  use = "value"
  value = pipe.p12.output
}
pipe "p12" {
  use = "value"
  value = pipe.p13.output
}
pipe "p13" {
  use = "value"
  value = pipe.p14.output
}
pipe "p14" {
  use = "value"
  value = pipe.p15.output
}
pipe "p15" {
  use = "value"
  value = pipe.p16.output
}
pipe "p16" {
  use = "value"
  value = pipe.p17.output
}
pipe "p17" {
  use = "value"
  value = pipe.p18.output
}
pipe "p18" {
  use = "value"
  value = pipe.p19.output
}
pipe "p19" {
  use = "value"
  value = pipe.p20.output
}
pipe "p20" {
  use = "value"
  value = pipe.p21.output
}
pipe "p21" {
  use = "value"
  value = pipe.p22.output
}
pipe "p22" {
  use = "value"
  value = pipe.p23.output
}
pipe "p23" {
  use = "value"
  value = pipe.p24.output
}
pipe "p24" {
  use = "value"
  value = pipe.p25.output
}
pipe "p25" {
  use = "value"
  value = pipe.p26.output
}
pipe "p26" {
  use = "value"
  value = pipe.p27.output
}
pipe "p27" {
  use = "value"
  value = pipe.p28.output
}
pipe "p28" {
  use = "value"
  value = pipe.p29.output
}
pipe "p29" {
  use = "value"
  value = pipe.p30.output
}
pipe "p30" {
  use = "value"
  value = pipe.p31.output
}
pipe "p31" {
  use = "value"
  value = pipe.p32.output
}
pipe "p32" {
  use = "value"
  value = pipe.p33.output
}
pipe "p33" {
  use = "value"
  value = pipe.p34.output
}
pipe "p34" {
  use = "value"
  value = pipe.p35.output
}
pipe "p35" {
  use = "value"
  value = pipe.p36.output
}
pipe "p36" {
  use = "value"
  value = pipe.p37.output
}
pipe "p37" {
  use = "value"
  value = pipe.p38.output
}
pipe "p38" {
  use = "value"
  value = pipe.p39.output
}
pipe "p39" {
  use = "value"
  value = pipe.p40.output
}
pipe "p40" {
  use = "value"
  value = pipe.p41.output
}
pipe "p41" {
  use = "value"
  value = pipe.p42.output
}
pipe "p42" {
  use = "value"
  value = pipe.p43.output
}
pipe "p43" {
  use = "value"
  value = pipe.p44.output
}
pipe "p44" {
  use = "value"
  value = pipe.p45.output
}
pipe "p45" {
  use = "value"
  value = pipe.p46.output
}
pipe "p46" {
  use = "value"
  value = pipe.p47.output
}
pipe "p47" {
  use = "value"
  value = pipe.p48.output
}
pipe "p48" {
  use = "value"
  value = pipe.p49.output
}
pipe "p49" {
  use = "value"
  value = pipe.p50.output
}
pipe "p50" {
  use = "value"
  value = pipe.p51.output
}
pipe "p51" {
  use = "value"
  value = pipe.p52.output
}
pipe "p52" {
  use = "value"
  value = pipe.p53.output
}
pipe "p53" {
  use = "value"
  value = pipe.p54.output
}
pipe "p54" {
  use = "value"
  value = pipe.p55.output
}
pipe "p55" {
  use = "value"
  value = pipe.p56.output
}
pipe "p56" {
  use = "value"
  value = pipe.p57.output
}
pipe "p57" {
  use = "value"
  value = pipe.p58.output
}
pipe "p58" {
  use = "value"
  value = pipe.p59.output
}
pipe "p59" {
  use = "value"
  value = pipe.p60.output
}
pipe "p60" {
  use = "value"
  value = pipe.p61.output
}
pipe "p61" {
  use = "value"
  value = pipe.p62.output
}
pipe "p62" {
  use = "value"
  value = pipe.p63.output
}
pipe "p63" {
  use = "value"
  value = pipe.p64.output
}
pipe "p64" {
  use = "value"
  value = pipe.p65.output
}
pipe "p65" {
  use = "value"
  value = pipe.p66.output
}
pipe "p66" {
  use = "value"
  value = pipe.p67.output
}
pipe "p67" {
  use = "value"
  value = pipe.p68.output
}
pipe "p68" {
  use = "value"
  value = pipe.p69.output
}
pipe "p69" {
  use = "value"
  value = pipe.p70.output
}
pipe "p70" {
  use = "value"
  value = pipe.p71.output
}
pipe "p71" {
  use = "value"
  value = pipe.p72.output
}
pipe "p72" {
  use = "value"
  value = pipe.p73.output
}
pipe "p73" {
  use = "value"
  value = pipe.p74.output
}
pipe "p74" {
  use = "value"
  value = pipe.p75.output
}
pipe "p75" {
  use = "value"
  value = pipe.p76.output
}
pipe "p76" {
  use = "value"
  value = pipe.p77.output
}
pipe "p77" {
  use = "value"
  value = pipe.p78.output
}
pipe "p78" {
  use = "value"
  value = pipe.p79.output
}
pipe "p79" {
  use = "value"
  value = pipe.p80.output
}
pipe "p80" {
  use = "value"
  value = pipe.p81.output
}
pipe "p81" {
  use = "value"
  value = pipe.p82.output
}
pipe "p82" {
  use = "value"
  value = pipe.p83.output
}
pipe "p83" {
  use = "value"
  value = pipe.p84.output
}
pipe "p84" {
  use = "value"
  value = pipe.p85.output
}
pipe "p85" {
  use = "value"
  value = pipe.p86.output
}
pipe "p86" {
  use = "value"
  value = pipe.p87.output
}
pipe "p87" {
  use = "value"
  value = pipe.p88.output
}
pipe "p88" {
  use = "value"
  value = pipe.p89.output
}
pipe "p89" {
  use = "value"
  value = pipe.p90.output
}
pipe "p90" {
  use = "value"
  value = pipe.p91.output
}
pipe "p91" {
  use = "value"
  value = pipe.p92.output
}
pipe "p92" {
  use = "value"
  value = pipe.p93.output
}
pipe "p93" {
  use = "value"
  value = pipe.p94.output
}
pipe "p94" {
  use = "value"
  value = pipe.p95.output
}
pipe "p95" {
  use = "value"
  value = pipe.p96.output
}
pipe "p96" {
  use = "value"
  value = pipe.p97.output
}
pipe "p97" {
  use = "value"
  value = pipe.p98.output
}
pipe "p98" {
  use = "value"
  value = pipe.p99.output
}
pipe "p99" {
  use = "value"
  value = pipe.p100.output
}
pipe "p100" {
  use = "value"
  value = pipe.p101.output
}
pipe "p101" {
  use = "value"
  value = pipe.p102.output
}
pipe "p102" {
  use = "value"
  value = pipe.p103.output
}
pipe "p103" {
  use = "value"
  value = pipe.p104.output
}
pipe "p104" {
  use = "value"
  value = pipe.p105.output
}
pipe "p105" {
  use = "value"
  value = pipe.p106.output
}
pipe "p106" {
  use = "value"
  value = pipe.p107.output
}
pipe "p107" {
  use = "value"
  value = pipe.p108.output
}
pipe "p108" {
  use = "value"
  value = pipe.p109.output
}
pipe "p109" {
  use = "value"
  value = pipe.p110.output
}
pipe "p110" {
  use = "value"
  value = pipe.p111.output
}
pipe "p111" {
  use = "value"
  value = pipe.p112.output
}
pipe "p112" {
  use = "value"
  value = pipe.p113.output
}
pipe "p113" {
  use = "value"
  value = pipe.p114.output
}
pipe "p114" {
  use = "value"
  value = pipe.p115.output
}
pipe "p115" {
  use = "value"
  value = pipe.p116.output
}
pipe "p116" {
  use = "value"
  value = pipe.p117.output
}
pipe "p117" {
  use = "value"
  value = pipe.p118.output
}
pipe "p118" {
  use = "value"
  value = pipe.p119.output
}
pipe "p119" {
  use = "value"
  value = pipe.p120.output
}
pipe "p120" {
  use = "value"
  value = pipe.p121.output
}
pipe "p121" {
  use = "value"
  value = pipe.p122.output
}
pipe "p122" {
  use = "value"
  value = pipe.p123.output
}
pipe "p123" {
  use = "value"
  value = pipe.p124.output
}
pipe "p124" {
  use = "value"
  value = pipe.p125.output
}
pipe "p125" {
  use = "value"
  value = pipe.p126.output
}
pipe "p126" {
  use = "value"
  value = pipe.p127.output
}
pipe "p127" {
  use = "value"
  value = pipe.p128.output
}
pipe "p128" {
  use = "value"
  value = pipe.p129.output
}
pipe "p129" {
  use = "value"
  value = pipe.p130.output
}
pipe "p130" {
  use = "value"
  value = pipe.p131.output
}
pipe "p131" {
  use = "value"
  value = pipe.p132.output
}
pipe "p132" {
  use = "value"
  value = pipe.p133.output
}
pipe "p133" {
  use = "value"
  value = pipe.p134.output
}
pipe "p134" {
  use = "value"
  value = pipe.p135.output
}
pipe "p135" {
  use = "value"
  value = pipe.p136.output
}
pipe "p136" {
  use = "value"
  value = pipe.p137.output
}
pipe "p137" {
  use = "value"
  value = pipe.p138.output
}
pipe "p138" {
  use = "value"
  value = pipe.p139.output
}
pipe "p139" {
  use = "value"
  value = pipe.p140.output
}
pipe "p140" {
  use = "value"
  value = pipe.p141.output
}
pipe "p141" {
  use = "value"
  value = pipe.p142.output
}
pipe "p142" {
  use = "value"
  value = pipe.p143.output
}
pipe "p143" {
  use = "value"
  value = pipe.p144.output
}
pipe "p144" {
  use = "value"
  value = pipe.p145.output
}
pipe "p145" {
  use = "value"
  value = pipe.p146.output
}
pipe "p146" {
  use = "value"
  value = pipe.p147.output
}
pipe "p147" {
  use = "value"
  value = pipe.p148.output
}
pipe "p148" {
  use = "value"
  value = pipe.p149.output
}
pipe "p149" {
  use = "value"
  value = pipe.p150.output
}
pipe "p150" {
  use = "value"
  value = pipe.p151.output
}
pipe "p151" {
  use = "value"
  value = pipe.p152.output
}
pipe "p152" {
  use = "value"
  value = pipe.p153.output
}
pipe "p153" {
  use = "value"
  value = pipe.p154.output
}
pipe "p154" {
  use = "value"
  value = pipe.p155.output
}
pipe "p155" {
  use = "value"
  value = pipe.p156.output
}
pipe "p156" {
  use = "value"
  value = pipe.p157.output
}
pipe "p157" {
  use = "value"
  value = pipe.p158.output
}
pipe "p158" {
  use = "value"
  value = pipe.p159.output
}
pipe "p159" {
  use = "value"
  value = pipe.p160.output
}
pipe "p160" {
  use = "value"
  value = pipe.p161.output
}
pipe "p161" {
  use = "value"
  value = pipe.p162.output
}
pipe "p162" {
  use = "value"
  value = pipe.p163.output
}
pipe "p163" {
  use = "value"
  value = pipe.p164.output
}
pipe "p164" {
  use = "value"
  value = pipe.p165.output
}
pipe "p165" {
  use = "value"
  value = pipe.p166.output
}
pipe "p166" {
  use = "value"
  value = pipe.p167.output
}
pipe "p167" {
  use = "value"
  value = pipe.p168.output
}
pipe "p168" {
  use = "value"
  value = pipe.p169.output
}
pipe "p169" {
  use = "value"
  value = pipe.p170.output
}
pipe "p170" {
  use = "value"
  value = pipe.p171.output
}
pipe "p171" {
  use = "value"
  value = pipe.p172.output
}
pipe "p172" {
  use = "value"
  value = pipe.p173.output
}
pipe "p173" {
  use = "value"
  value = pipe.p174.output
}
pipe "p174" {
  use = "value"
  value = pipe.p175.output
}
pipe "p175" {
  use = "value"
  value = pipe.p176.output
}
pipe "p176" {
  use = "value"
  value = pipe.p177.output
}
pipe "p177" {
  use = "value"
  value = pipe.p178.output
}
pipe "p178" {
  use = "value"
  value = pipe.p179.output
}
pipe "p179" {
  use = "value"
  value = pipe.p180.output
}
pipe "p180" {
  use = "value"
  value = pipe.p181.output
}
pipe "p181" {
  use = "value"
  value = pipe.p182.output
}
pipe "p182" {
  use = "value"
  value = pipe.p183.output
}
pipe "p183" {
  use = "value"
  value = pipe.p184.output
}
pipe "p184" {
  use = "value"
  value = pipe.p185.output
}
pipe "p185" {
  use = "value"
  value = pipe.p186.output
}
pipe "p186" {
  use = "value"
  value = pipe.p187.output
}
pipe "p187" {
  use = "value"
  value = pipe.p188.output
}
pipe "p188" {
  use = "value"
  value = pipe.p189.output
}
pipe "p189" {
  use = "value"
  value = pipe.p190.output
}
pipe "p190" {
  use = "value"
  value = pipe.p191.output
}
pipe "p191" {
  use = "value"
  value = pipe.p192.output
}
pipe "p192" {
  use = "value"
  value = pipe.p193.output
}
pipe "p193" {
  use = "value"
  value = pipe.p194.output
}
pipe "p194" {
  use = "value"
  value = pipe.p195.output
}
pipe "p195" {
  use = "value"
  value = pipe.p196.output
}
pipe "p196" {
  use = "value"
  value = pipe.p197.output
}
pipe "p197" {
  use = "value"
  value = pipe.p198.output
}
pipe "p198" {
  use = "value"
  value = pipe.p199.output
}
pipe "p199" {
  use = "value"
  value = pipe.p200.output
}
pipe "p200" {
  use = "value"
  value = pipe.p201.output
}
pipe "p201" {
  use = "value"
  value = pipe.p202.output
}
pipe "p202" {
  use = "value"
  value = pipe.p203.output
}
pipe "p203" {
  use = "value"
  value = pipe.p204.output
}
pipe "p204" {
  use = "value"
  value = pipe.p205.output
}
pipe "p205" {
  use = "value"
  value = pipe.p206.output
}
pipe "p206" {
  use = "value"
  value = pipe.p207.output
}
pipe "p207" {
  use = "value"
  value = pipe.p208.output
}
pipe "p208" {
  use = "value"
  value = pipe.p209.output
}
pipe "p209" {
  use = "value"
  value = pipe.p210.output
}
pipe "p210" {
  use = "value"
  value = pipe.p211.output
}
pipe "p211" {
  use = "value"
  value = pipe.p212.output
}
pipe "p212" {
  use = "value"
  value = pipe.p213.output
}
pipe "p213" {
  use = "value"
  value = pipe.p214.output
}
pipe "p214" {
  use = "value"
  value = pipe.p215.output
}
pipe "p215" {
  use = "value"
  value = pipe.p216.output
}
pipe "p216" {
  use = "value"
  value = pipe.p217.output
}
pipe "p217" {
  use = "value"
  value = pipe.p218.output
}
pipe "p218" {
  use = "value"
  value = pipe.p219.output
}
pipe "p219" {
  use = "value"
  value = pipe.p220.output
}
pipe "p220" {
  use = "value"
  value = pipe.p221.output
}
pipe "p221" {
  use = "value"
  value = pipe.p222.output
}
pipe "p222" {
  use = "value"
  value = pipe.p223.output
}
pipe "p223" {
  use = "value"
  value = pipe.p224.output
}
pipe "p224" {
  use = "value"
  value = pipe.p225.output
}
pipe "p225" {
  use = "value"
  value = pipe.p226.output
}
pipe "p226" {
  use = "value"
  value = pipe.p227.output
}
pipe "p227" {
  use = "value"
  value = pipe.p228.output
}
pipe "p228" {
  use = "value"
  value = pipe.p229.output
}
pipe "p229" {
  use = "value"
  value = pipe.p230.output
}
pipe "p230" {
  use = "value"
  value = pipe.p231.output
}
pipe "p231" {
  use = "value"
  value = pipe.p232.output
}
pipe "p232" {
  use = "value"
  value = pipe.p233.output
}
pipe "p233" {
  use = "value"
  value = pipe.p234.output
}
pipe "p234" {
  use = "value"
  value = pipe.p235.output
}
pipe "p235" {
  use = "value"
  value = pipe.p236.output
}
pipe "p236" {
  use = "value"
  value = pipe.p237.output
}
pipe "p237" {
  use = "value"
  value = pipe.p238.output
}
pipe "p238" {
  use = "value"
  value = pipe.p239.output
}
pipe "p239" {
  use = "value"
  value = pipe.p240.output
}
pipe "p240" {
  use = "value"
  value = pipe.p241.output
}
pipe "p241" {
  use = "value"
  value = pipe.p242.output
}
pipe "p242" {
  use = "value"
  value = pipe.p243.output
}
pipe "p243" {
  use = "value"
  value = pipe.p244.output
}
pipe "p244" {
  use = "value"
  value = pipe.p245.output
}
pipe "p245" {
  use = "value"
  value = pipe.p246.output
}
pipe "p246" {
  use = "value"
  value = pipe.p247.output
}
pipe "p247" {
  use = "value"
  value = pipe.p248.output
}
pipe "p248" {
  use = "value"
  value = pipe.p249.output
}
pipe "p249" {
  use = "value"
  value = pipe.p250.output
}
pipe "p250" {
  use = "value"
  value = pipe.p251.output
}
pipe "p251" {
  use = "value"
  value = pipe.p252.output
}
pipe "p252" {
  use = "value"
  value = pipe.p253.output
}
pipe "p253" {
  use = "value"
  value = pipe.p254.output
}
pipe "p254" {
  use = "value"
  value = pipe.p255.output
}
pipe "p255" {
  use = "value"
  value = pipe.p256.output
}
pipe "p256" {
  use = "value"
  value = pipe.p257.output
}
pipe "p257" {
  use = "value"
  value = pipe.p258.output
}
pipe "p258" {
  use = "value"
  value = pipe.p259.output
}
pipe "p259" {
  use = "value"
  value = pipe.p260.output
}
pipe "p260" {
  use = "value"
  value = pipe.p261.output
}
pipe "p261" {
  use = "value"
  value = pipe.p262.output
}
pipe "p262" {
  use = "value"
  value = pipe.p263.output
}
pipe "p263" {
  use = "value"
  value = pipe.p264.output
}
pipe "p264" {
  use = "value"
  value = pipe.p265.output
}
pipe "p265" {
  use = "value"
  value = pipe.p266.output
}
pipe "p266" {
  use = "value"
  value = pipe.p267.output
}
pipe "p267" {
  use = "value"
  value = pipe.p268.output
}
pipe "p268" {
  use = "value"
  value = pipe.p269.output
}
pipe "p269" {
  use = "value"
  value = pipe.p270.output
}
pipe "p270" {
  use = "value"
  value = pipe.p271.output
}
pipe "p271" {
  use = "value"
  value = pipe.p272.output
}
pipe "p272" {
  use = "value"
  value = pipe.p273.output
}
pipe "p273" {
  use = "value"
  value = pipe.p274.output
}
pipe "p274" {
  use = "value"
  value = pipe.p275.output
}
pipe "p275" {
  use = "value"
  value = pipe.p276.output
}
pipe "p276" {
  use = "value"
  value = pipe.p277.output
}
pipe "p277" {
  use = "value"
  value = pipe.p278.output
}
pipe "p278" {
  use = "value"
  value = pipe.p279.output
}
pipe "p279" {
  use = "value"
  value = pipe.p280.output
}
pipe "p280" {
  use = "value"
  value = pipe.p281.output
}
pipe "p281" {
  use = "value"
  value = pipe.p282.output
}
pipe "p282" {
  use = "value"
  value = pipe.p283.output
}
pipe "p283" {
  use = "value"
  value = pipe.p284.output
}
pipe "p284" {
  use = "value"
  value = pipe.p285.output
}
pipe "p285" {
  use = "value"
  value = pipe.p286.output
}
pipe "p286" {
  use = "value"
  value = pipe.p287.output
}
pipe "p287" {
  use = "value"
  value = pipe.p288.output
}
pipe "p288" {
  use = "value"
  value = pipe.p289.output
}
pipe "p289" {
  use = "value"
  value = pipe.p290.output
}
pipe "p290" {
  use = "value"
  value = pipe.p291.output
}
pipe "p291" {
  use = "value"
  value = pipe.p292.output
}
pipe "p292" {
  use = "value"
  value = pipe.p293.output
}
pipe "p293" {
  use = "value"
  value = pipe.p294.output
}
pipe "p294" {
  use = "value"
  value = pipe.p295.output
}
pipe "p295" {
  use = "value"
  value = pipe.p296.output
}
pipe "p296" {
  use = "value"
  value = pipe.p297.output
}
pipe "p297" {
  use = "value"
  value = pipe.p298.output
}
pipe "p298" {
  use = "value"
  value = pipe.p299.output
}
pipe "p299" {
  use = "value"
  value = pipe.p300.output
}
pipe "p300" {
  use = "value"
  value = pipe.p301.output
}
pipe "p301" {
  use = "value"
  value = pipe.p302.output
}
pipe "p302" {
  use = "value"
  value = pipe.p303.output
}
pipe "p303" {
  use = "value"
  value = pipe.p304.output
}
pipe "p304" {
  use = "value"
  value = pipe.p305.output
}
pipe "p305" {
  use = "value"
  value = pipe.p306.output
}
pipe "p306" {
  use = "value"
  value = pipe.p307.output
}
pipe "p307" {
  use = "value"
  value = pipe.p308.output
}
pipe "p308" {
  use = "value"
  value = pipe.p309.output
}
pipe "p309" {
  use = "value"
  value = pipe.p310.output
}
pipe "p310" {
  use = "value"
  value = pipe.p311.output
}
pipe "p311" {
  use = "value"
  value = pipe.p312.output
}
pipe "p312" {
  use = "value"
  value = pipe.p313.output
}
pipe "p313" {
  use = "value"
  value = pipe.p314.output
}
pipe "p314" {
  use = "value"
  value = pipe.p315.output
}
pipe "p315" {
  use = "value"
  value = pipe.p316.output
}
pipe "p316" {
  use = "value"
  value = pipe.p317.output
}
pipe "p317" {
  use = "value"
  value = pipe.p318.output
}
pipe "p318" {
  use = "value"
  value = pipe.p319.output
}
pipe "p319" {
  use = "value"
  value = pipe.p320.output
}
pipe "p320" {
  use = "value"
  value = pipe.p321.output
}
pipe "p321" {
  use = "value"
  value = pipe.p322.output
}
pipe "p322" {
  use = "value"
  value = pipe.p323.output
}
pipe "p323" {
  use = "value"
  value = pipe.p324.output
}
pipe "p324" {
  use = "value"
  value = pipe.p325.output
}
pipe "p325" {
  use = "value"
  value = pipe.p326.output
}
pipe "p326" {
  use = "value"
  value = pipe.p327.output
}
pipe "p327" {
  use = "value"
  value = pipe.p328.output
}
pipe "p328" {
  use = "value"
  value = pipe.p329.output
}
pipe "p329" {
  use = "value"
  value = pipe.p330.output
}
pipe "p330" {
  use = "value"
  value = pipe.p331.output
}
pipe "p331" {
  use = "value"
  value = pipe.p332.output
}
pipe "p332" {
  use = "value"
  value = pipe.p333.output
}
pipe "p333" {
  use = "value"
  value = pipe.p334.output
}
pipe "p334" {
  use = "value"
  value = pipe.p335.output
}
pipe "p335" {
  use = "value"
  value = pipe.p336.output
}
pipe "p336" {
  use = "value"
  value = pipe.p337.output
}
pipe "p337" {
  use = "value"
  value = pipe.p338.output
}
pipe "p338" {
  use = "value"
  value = pipe.p339.output
}
pipe "p339" {
  use = "value"
  value = pipe.p340.output
}
pipe "p340" {
  use = "value"
  value = pipe.p341.output
}
pipe "p341" {
  use = "value"
  value = pipe.p342.output
}
pipe "p342" {
  use = "value"
  value = pipe.p343.output
}
pipe "p343" {
  use = "value"
  value = pipe.p344.output
}
pipe "p344" {
  use = "value"
  value = pipe.p345.output
}
pipe "p345" {
  use = "value"
  value = pipe.p346.output
}
pipe "p346" {
  use = "value"
  value = pipe.p347.output
}
pipe "p347" {
  use = "value"
  value = pipe.p348.output
}
pipe "p348" {
  use = "value"
  value = pipe.p349.output
}
pipe "p349" {
  use = "value"
  value = pipe.p350.output
}
pipe "p350" {
  use = "value"
  value = pipe.p351.output
}
pipe "p351" {
  use = "value"
  value = pipe.p352.output
}
pipe "p352" {
  use = "value"
  value = pipe.p353.output
}
pipe "p353" {
  use = "value"
  value = pipe.p354.output
}
pipe "p354" {
  use = "value"
  value = pipe.p355.output
}
pipe "p355" {
  use = "value"
  value = pipe.p356.output
}
pipe "p356" {
  use = "value"
  value = pipe.p357.output
}
pipe "p357" {
  use = "value"
  value = pipe.p358.output
}
pipe "p358" {
  use = "value"
  value = pipe.p359.output
}
pipe "p359" {
  use = "value"
  value = pipe.p360.output
}
pipe "p360" {
  use = "value"
  value = pipe.p361.output
}
pipe "p361" {
  use = "value"
  value = pipe.p362.output
}
pipe "p362" {
  use = "value"
  value = pipe.p363.output
}
pipe "p363" {
  use = "value"
  value = pipe.p364.output
}
pipe "p364" {
  use = "value"
  value = pipe.p365.output
}
pipe "p365" {
  use = "value"
  value = pipe.p366.output
}
pipe "p366" {
  use = "value"
  value = pipe.p367.output
}
pipe "p367" {
  use = "value"
  value = pipe.p368.output
}
pipe "p368" {
  use = "value"
  value = pipe.p369.output
}
pipe "p369" {
  use = "value"
  value = pipe.p370.output
}
pipe "p370" {
  use = "value"
  value = pipe.p371.output
}
pipe "p371" {
  use = "value"
  value = pipe.p372.output
}
pipe "p372" {
  use = "value"
  value = pipe.p373.output
}
pipe "p373" {
  use = "value"
  value = pipe.p374.output
}
pipe "p374" {
  use = "value"
  value = pipe.p375.output
}
pipe "p375" {
  use = "value"
  value = pipe.p376.output
}
pipe "p376" {
  use = "value"
  value = pipe.p377.output
}
pipe "p377" {
  use = "value"
  value = pipe.p378.output
}
pipe "p378" {
  use = "value"
  value = pipe.p379.output
}
pipe "p379" {
  use = "value"
  value = pipe.p380.output
}
pipe "p380" {
  use = "value"
  value = pipe.p381.output
}
pipe "p381" {
  use = "value"
  value = pipe.p382.output
}
pipe "p382" {
  use = "value"
  value = pipe.p383.output
}
pipe "p383" {
  use = "value"
  value = pipe.p384.output
}
pipe "p384" {
  use = "value"
  value = pipe.p385.output
}
pipe "p385" {
  use = "value"
  value = pipe.p386.output
}
pipe "p386" {
  use = "value"
  value = pipe.p387.output
}
pipe "p387" {
  use = "value"
  value = pipe.p388.output
}
pipe "p388" {
  use = "value"
  value = pipe.p389.output
}
pipe "p389" {
  use = "value"
  value = pipe.p390.output
}
pipe "p390" {
  use = "value"
  value = pipe.p391.output
}
pipe "p391" {
  use = "value"
  value = pipe.p392.output
}
pipe "p392" {
  use = "value"
  value = pipe.p393.output
}
pipe "p393" {
  use = "value"
  value = pipe.p394.output
}
pipe "p394" {
  use = "value"
  value = pipe.p395.output
}
pipe "p395" {
  use = "value"
  value = pipe.p396.output
}
pipe "p396" {
  use = "value"
  value = pipe.p397.output
}
pipe "p397" {
  use = "value"
  value = pipe.p398.output
}
pipe "p398" {
  use = "value"
  value = pipe.p399.output
}
pipe "p399" {
  use = "value"
  value = pipe.p400.output
}
pipe "p400" {
  use = "value"
  value = pipe.p401.output
}
pipe "p401" {
  use = "value"
  value = pipe.p402.output
}
pipe "p402" {
  use = "value"
  value = pipe.p403.output
}
pipe "p403" {
  use = "value"
  value = pipe.p404.output
}
pipe "p404" {
  use = "value"
  value = pipe.p405.output
}
pipe "p405" {
  use = "value"
  value = pipe.p406.output
}
pipe "p406" {
  use = "value"
  value = pipe.p407.output
}
pipe "p407" {
  use = "value"
  value = pipe.p408.output
}
pipe "p408" {
  use = "value"
  value = pipe.p409.output
}
pipe "p409" {
  use = "value"
  value = pipe.p410.output
}
pipe "p410" {
  use = "value"
  value = pipe.p411.output
}
pipe "p411" {
  use = "value"
  value = pipe.p412.output
}
pipe "p412" {
  use = "value"
  value = pipe.p413.output
}
pipe "p413" {
  use = "value"
  value = pipe.p414.output
}
pipe "p414" {
  use = "value"
  value = pipe.p415.output
}
pipe "p415" {
  use = "value"
  value = pipe.p416.output
}
pipe "p416" {
  use = "value"
  value = pipe.p417.output
}
pipe "p417" {
  use = "value"
  value = pipe.p418.output
}
pipe "p418" {
  use = "value"
  value = pipe.p419.output
}
pipe "p419" {
  use = "value"
  value = pipe.p420.output
}
pipe "p420" {
  use = "value"
  value = pipe.p421.output
}
pipe "p421" {
  use = "value"
  value = pipe.p422.output
}
pipe "p422" {
  use = "value"
  value = pipe.p423.output
}
pipe "p423" {
  use = "value"
  value = pipe.p424.output
}
pipe "p424" {
  use = "value"
  value = pipe.p425.output
}
pipe "p425" {
  use = "value"
  value = pipe.p426.output
}
pipe "p426" {
  use = "value"
  value = pipe.p427.output
}
pipe "p427" {
  use = "value"
  value = pipe.p428.output
}
pipe "p428" {
  use = "value"
  value = pipe.p429.output
}
pipe "p429" {
  use = "value"
  value = pipe.p430.output
}
pipe "p430" {
  use = "value"
  value = pipe.p431.output
}
pipe "p431" {
  use = "value"
  value = pipe.p432.output
}
pipe "p432" {
  use = "value"
  value = pipe.p433.output
}
pipe "p433" {
  use = "value"
  value = pipe.p434.output
}
pipe "p434" {
  use = "value"
  value = pipe.p435.output
}
pipe "p435" {
  use = "value"
  value = pipe.p436.output
}
pipe "p436" {
  use = "value"
  value = pipe.p437.output
}
pipe "p437" {
  use = "value"
  value = pipe.p438.output
}
pipe "p438" {
  use = "value"
  value = pipe.p439.output
}
pipe "p439" {
  use = "value"
  value = pipe.p440.output
}
pipe "p440" {
  use = "value"
  value = pipe.p441.output
}
pipe "p441" {
  use = "value"
  value = pipe.p442.output
}
pipe "p442" {
  use = "value"
  value = pipe.p443.output
}
pipe "p443" {
  use = "value"
  value = pipe.p444.output
}
pipe "p444" {
  use = "value"
  value = pipe.p445.output
}
pipe "p445" {
  use = "value"
  value = pipe.p446.output
}
pipe "p446" {
  use = "value"
  value = pipe.p447.output
}
pipe "p447" {
  use = "value"
  value = pipe.p448.output
}
pipe "p448" {
  use = "value"
  value = pipe.p449.output
}
pipe "p449" {
  use = "value"
  value = pipe.p450.output
}
pipe "p450" {
  use = "value"
  value = pipe.p451.output
}
pipe "p451" {
  use = "value"
  value = pipe.p452.output
}
pipe "p452" {
  use = "value"
  value = pipe.p453.output
}
pipe "p453" {
  use = "value"
  value = pipe.p454.output
}
pipe "p454" {
  use = "value"
  value = pipe.p455.output
}
pipe "p455" {
  use = "value"
  value = pipe.p456.output
}
pipe "p456" {
  use = "value"
  value = pipe.p457.output
}
pipe "p457" {
  use = "value"
  value = pipe.p458.output
}
pipe "p458" {
  use = "value"
  value = pipe.p459.output
}
pipe "p459" {
  use = "value"
  value = pipe.p460.output
}
pipe "p460" {
  use = "value"
  value = pipe.p461.output
}
pipe "p461" {
  use = "value"
  value = pipe.p462.output
}
pipe "p462" {
  use = "value"
  value = pipe.p463.output
}
pipe "p463" {
  use = "value"
  value = pipe.p464.output
}
pipe "p464" {
  use = "value"
  value = pipe.p465.output
}
pipe "p465" {
  use = "value"
  value = pipe.p466.output
}
pipe "p466" {
  use = "value"
  value = pipe.p467.output
}
pipe "p467" {
  use = "value"
  value = pipe.p468.output
}
pipe "p468" {
  use = "value"
  value = pipe.p469.output
}
pipe "p469" {
  use = "value"
  value = pipe.p470.output
}
pipe "p470" {
  use = "value"
  value = pipe.p471.output
}
pipe "p471" {
  use = "value"
  value = pipe.p472.output
}
pipe "p472" {
  use = "value"
  value = pipe.p473.output
}
pipe "p473" {
  use = "value"
  value = pipe.p474.output
}
pipe "p474" {
  use = "value"
  value = pipe.p475.output
}
pipe "p475" {
  use = "value"
  value = pipe.p476.output
}
pipe "p476" {
  use = "value"
  value = pipe.p477.output
}
pipe "p477" {
  use = "value"
  value = pipe.p478.output
}
pipe "p478" {
  use = "value"
  value = pipe.p479.output
}
pipe "p479" {
  use = "value"
  value = pipe.p480.output
}
pipe "p480" {
  use = "value"
  value = pipe.p481.output
}
pipe "p481" {
  use = "value"
  value = pipe.p482.output
}
pipe "p482" {
  use = "value"
  value = pipe.p483.output
}
pipe "p483" {
  use = "value"
  value = pipe.p484.output
}
pipe "p484" {
  use = "value"
  value = pipe.p485.output
}
pipe "p485" {
  use = "value"
  value = pipe.p486.output
}
pipe "p486" {
  use = "value"
  value = pipe.p487.output
}
pipe "p487" {
  use = "value"
  value = pipe.p488.output
}
pipe "p488" {
  use = "value"
  value = pipe.p489.output
}
pipe "p489" {
  use = "value"
  value = pipe.p490.output
}
pipe "p490" {
  use = "value"
  value = pipe.p491.output
}
pipe "p491" {
  use = "value"
  value = pipe.p492.output
}
pipe "p492" {
  use = "value"
  value = pipe.p493.output
}
pipe "p493" {
  use = "value"
  value = pipe.p494.output
}
pipe "p494" {
  use = "value"
  value = pipe.p495.output
}
pipe "p495" {
  use = "value"
  value = pipe.p496.output
}
pipe "p496" {
  use = "value"
  value = pipe.p497.output
}
pipe "p497" {
  use = "value"
  value = pipe.p498.output
}
pipe "p498" {
  use = "value"
  value = pipe.p499.output
}
pipe "p499" {
  use = "value"
  value = pipe.p0.output
}
