pipe "p0" {
  use = "value"
  value = 0
}
pipe "p1" {
  use = "value"
  value = 1
}
pipe "p2" {
  use = "value"
  value = 2
}
pipe "p3" {
  use = "value"
  value = 3
}
pipe "p4" {
  use = "value"
  value = 4
}
pipe "p5" {
  use = "value"
  value = 5
}
pipe "p6" {
  use = "value"
  value = 6
}
pipe "p7" {
  use = "value"
  value = 7
}
pipe "p8" {
  use = "value"
  value = 8
}
pipe "p9" {
  use = "value"
  value = 9
}
pipe "p10" {
  use = "value"
  value = 10
}
pipe "p11" {
  use = "value"
  value = 11
}
pipe "p12" {
  use = "value"
  value = 12
}
pipe "p13" {
  use = "value"
  value = 13
}
pipe "p14" {
  use = "value"
  value = 14
}
pipe "p15" {
  use = "value"
  value = 15
}
pipe "p16" {
  use = "value"
  value = 16
}
pipe "p17" {
  use = "value"
  value = 17
}
pipe "p18" {
  use = "value"
  value = 18
}
pipe "p19" {
  use = "value"
  value = 19
}
pipe "p20" {
  use = "value"
  value = 20
}
pipe "p21" {
  use = "value"
  value = 21
}
pipe "p22" {
  use = "value"
  value = 22
}
pipe "p23" {
  use = "value"
  value = 23
}
pipe "p24" {
  use = "value"
  value = 24
}
pipe "p25" {
  use = "value"
  value = 25
}
pipe "p26" {
  use = "value"
  value = 26
}
pipe "p27" {
  use = "value"
  value = 27
}
pipe "p28" {
  use = "value"
  value = 28
}
pipe "p29" {
  use = "value"
  value = 29
}
pipe "p30" {
  use = "value"
  value = 30
}
pipe "p31" {
  use = "value"
  value = 31
}
pipe "p32" {
  use = "value"
  value = 32
}
pipe "p33" {
  use = "value"
  value = 33
}
pipe "p34" {
  use = "value"
  value = 34
}
pipe "p35" {
  use = "value"
  value = 35
}
pipe "p36" {
  use = "value"
  value = 36
}
pipe "p37" {
  use = "value"
  value = 37
}
pipe "p38" {
  use = "value"
  value = 38
}
pipe "p39" {
  use = "value"
  value = 39
}
pipe "p40" {
  use = "value"
  value = 40
}
pipe "p41" {
  use = "value"
  value = 41
}
pipe "p42" {
  use = "value"
  value = 42
}
pipe "p43" {
  use = "value"
  value = 43
}
pipe "p44" {
  use = "value"
  value = 44
}
pipe "p45" {
  use = "value"
  value = 45
}
pipe "p46" {
  use = "value"
  value = 46
}
pipe "p47" {
  use = "value"
  value = 47
}
pipe "p48" {
  use = "value"
  value = 48
}
pipe "p49" {
  use = "value"
  value = 49
}
pipe "p50" {
  use = "value"
  value = 50
}
pipe "p51" {
  use = "value"
  value = 51
}
pipe "p52" {
  use = "value"
  value = 52
}
pipe "p53" {
  use = "value"
  value = 53
}
pipe "p54" {
  use = "value"
  value = 54
}
pipe "p55" {
  use = "value"
  value = 55
}
pipe "p56" {
  use = "value"
  value = 56
}
pipe "p57" {
  use = "value"
  value = 57
}
pipe "p58" {
  use = "value"
  value = 58
}
pipe "p59" {
  use = "value"
  value = 59
}
pipe "p60" {
  use = "value"
  value = 60
}
pipe "p61" {
  use = "value"
  value = 61
}
pipe "p62" {
  use = "value"
  value = 62
}
pipe "p63" {
  use = "value"
  value = 63
}
pipe "p64" {
  use = "value"
  value = 64
}
pipe "p65" {
  use = "value"
  value = 65
}
pipe "p66" {
  use = "value"
  value = 66
}
pipe "p67" {
  use = "value"
  value = 67
}
pipe "p68" {
  use = "value"
  value = 68
}
pipe "p69" {
  use = "value"
  value = 69
}
pipe "p70" {
  use = "value"
  value = 70
}
pipe "p71" {
  use = "value"
  value = 71
}
pipe "p72" {
  use = "value"
  value = 72
}
pipe "p73" {
  use = "value"
  value = 73
}
pipe "p74" {
  use = "value"
  value = 74
}
pipe "p75" {
  use = "value"
  value = 75
}
pipe "p76" {
  use = "value"
  value = 76
}
pipe "p77" {
  use = "value"
  value = 77
}
pipe "p78" {
  use = "value"
  value = 78
}
pipe "p79" {
  use = "value"
  value = 79
}
pipe "p80" {
  use = "value"
  value = 80
}
pipe "p81" {
  use = "value"
  value = 81
}
pipe "p82" {
  use = "value"
  value = 82
}
pipe "p83" {
  use = "value"
  value = 83
}
pipe "p84" {
  use = "value"
  value = 84
}
pipe "p85" {
  use = "value"
  value = 85
}
pipe "p86" {
  use = "value"
  value = 86
}
pipe "p87" {
  use = "value"
  value = 87
}
pipe "p88" {
  use = "value"
  value = 88
}
pipe "p89" {
  use = "value"
  value = 89
}
pipe "p90" {
  use = "value"
  value = 90
}
pipe "p91" {
  use = "value"
  value = 91
}
pipe "p92" {
  use = "value"
  value = 92
}
pipe "p93" {
  use = "value"
  value = 93
}
pipe "p94" {
  use = "value"
  value = 94
}
pipe "p95" {
  use = "value"
  value = 95
}
pipe "p96" {
  use = "value"
  value = 96
}
pipe "p97" {
  use = "value"
  value = 97
}
pipe "p98" {
  use = "value"
  value = 98
}
pipe "p99" {
  use = "value"
  value = 99
}
pipe "p100" {
  use = "value"
  value = 100
}
pipe "p101" {
  use = "value"
  value = 101
}
pipe "p102" {
  use = "value"
  value = 102
}
pipe "p103" {
  use = "value"
  value = 103
}
pipe "p104" {
  use = "value"
  value = 104
}
pipe "p105" {
  use = "value"
  value = 105
}
pipe "p106" {
  use = "value"
  value = 106
}
pipe "p107" {
  use = "value"
  value = 107
}
pipe "p108" {
  use = "value"
  value = 108
}
pipe "p109" {
  use = "value"
  value = 109
}
pipe "p110" {
  use = "value"
  value = 110
}
pipe "p111" {
  use = "value"
  value = 111
}
pipe "p112" {
  use = "value"
  value = 112
}
pipe "p113" {
  use = "value"
  value = 113
}
pipe "p114" {
  use = "value"
  value = 114
}
pipe "p115" {
  use = "value"
  value = 115
}
pipe "p116" {
  use = "value"
  value = 116
}
pipe "p117" {
  use = "value"
  value = 117
}
pipe "p118" {
  use = "value"
  value = 118
}
pipe "p119" {
  use = "value"
  value = 119
}
pipe "p120" {
  use = "value"
  value = 120
}
pipe "p121" {
  use = "value"
  value = 121
}
pipe "p122" {
  use = "value"
  value = 122
}
pipe "p123" {
  use = "value"
  value = 123
}
pipe "p124" {
  use = "value"
  value = 124
}
pipe "p125" {
  use = "value"
  value = 125
}
pipe "p126" {
  use = "value"
  value = 126
}
pipe "p127" {
  use = "value"
  value = 127
}
pipe "p128" {
  use = "value"
  value = 128
}
pipe "p129" {
  use = "value"
  value = 129
}
pipe "p130" {
  use = "value"
  value = 130
}
pipe "p131" {
  use = "value"
  value = 131
}
pipe "p132" {
  use = "value"
  value = 132
}
pipe "p133" {
  use = "value"
  value = 133
}
pipe "p134" {
  use = "value"
  value = 134
}
pipe "p135" {
  use = "value"
  value = 135
}
pipe "p136" {
  use = "value"
  value = 136
}
pipe "p137" {
  use = "value"
  value = 137
}
pipe "p138" {
  use = "value"
  value = 138
}
pipe "p139" {
  use = "value"
  value = 139
}
pipe "p140" {
  use = "value"
  value = 140
}
pipe "p141" {
  use = "value"
  value = 141
}
pipe "p142" {
  use = "value"
  value = 142
}
pipe "p143" {
  use = "value"
  value = 143
}
pipe "p144" {
  use = "value"
  value = 144
}
pipe "p145" {
  use = "value"
  value = 145
}
pipe "p146" {
  use = "value"
  value = 146
}
pipe "p147" {
  use = "value"
  value = 147
}
pipe "p148" {
  use = "value"
  value = 148
}
pipe "p149" {
  use = "value"
  value = 149
}
pipe "p150" {
  use = "value"
  value = 150
}
pipe "p151" {
  use = "value"
  value = 151
}
pipe "p152" {
  use = "value"
  value = 152
}
pipe "p153" {
  use = "value"
  value = 153
}
pipe "p154" {
  use = "value"
  value = 154
}
pipe "p155" {
  use = "value"
  value = 155
}
pipe "p156" {
  use = "value"
  value = 156
}
pipe "p157" {
  use = "value"
  value = 157
}
pipe "p158" {
  use = "value"
  value = 158
}
pipe "p159" {
  use = "value"
  value = 159
}
pipe "p160" {
  use = "value"
  value = 160
}
pipe "p161" {
  use = "value"
  value = 161
}
pipe "p162" {
  use = "value"
  value = 162
}
pipe "p163" {
  use = "value"
  value = 163
}
pipe "p164" {
  use = "value"
  value = 164
}
pipe "p165" {
  use = "value"
  value = 165
}
pipe "p166" {
  use = "value"
  value = 166
}
pipe "p167" {
  use = "value"
  value = 167
}
pipe "p168" {
  use = "value"
  value = 168
}
pipe "p169" {
  use = "value"
  value = 169
}
pipe "p170" {
  use = "value"
  value = 170
}
pipe "p171" {
  use = "value"
  value = 171
}
pipe "p172" {
  use = "value"
  value = 172
}
pipe "p173" {
  use = "value"
  value = 173
}
pipe "p174" {
  use = "value"
  value = 174
}
pipe "p175" {
  use = "value"
  value = 175
}
pipe "p176" {
  use = "value"
  value = 176
}
pipe "p177" {
  use = "value"
  value = 177
}
pipe "p178" {
  use = "value"
  value = 178
}
pipe "p179" {
  use = "value"
  value = 179
}
pipe "p180" {
  use = "value"
  value = 180
}
pipe "p181" {
  use = "value"
  value = 181
}
pipe "p182" {
  use = "value"
  value = 182
}
pipe "p183" {
  use = "value"
  value = 183
}
pipe "p184" {
  use = "value"
  value = 184
}
pipe "p185" {
  use = "value"
  value = 185
}
pipe "p186" {
  use = "value"
  value = 186
}
pipe "p187" {
  use = "value"
  value = 187
}
pipe "p188" {
  use = "value"
  value = 188
}
pipe "p189" {
  use = "value"
  value = 189
}
pipe "p190" {
  use = "value"
  value = 190
}
pipe "p191" {
  use = "value"
  value = 191
}
pipe "p192" {
  use = "value"
  value = 192
}
pipe "p193" {
  use = "value"
  value = 193
}
pipe "p194" {
  use = "value"
  value = 194
}
pipe "p195" {
  use = "value"
  value = 195
}
pipe "p196" {
  use = "value"
  value = 196
}
pipe "p197" {
  use = "value"
  value = 197
}
pipe "p198" {
  use = "value"
  value = 198
}
pipe "p199" {
  use = "value"
  value = 199
}
pipe "p200" {
  use = "value"
  value = 200
}
pipe "p201" {
  use = "value"
  value = 201
}
pipe "p202" {
  use = "value"
  value = 202
}
pipe "p203" {
  use = "value"
  value = 203
}
pipe "p204" {
  use = "value"
  value = 204
}
pipe "p205" {
  use = "value"
  value = 205
}
pipe "p206" {
  use = "value"
  value = 206
}
pipe "p207" {
  use = "value"
  value = 207
}
pipe "p208" {
  use = "value"
  value = 208
}
pipe "p209" {
  use = "value"
  value = 209
}
pipe "p210" {
  use = "value"
  value = 210
}
pipe "p211" {
  use = "value"
  value = 211
}
pipe "p212" {
  use = "value"
  value = 212
}
pipe "p213" {
  use = "value"
  value = 213
}
pipe "p214" {
  use = "value"
  value = 214
}
pipe "p215" {
  use = "value"
  value = 215
}
pipe "p216" {
  use = "value"
  value = 216
}
pipe "p217" {
  use = "value"
  value = 217
}
pipe "p218" {
  use = "value"
  value = 218
}
pipe "p219" {
  use = "value"
  value = 219
}
pipe "p220" {
  use = "value"
  value = 220
}
pipe "p221" {
  use = "value"
  value = 221
}
pipe "p222" {
  use = "value"
  value = 222
}
pipe "p223" {
  use = "value"
  value = 223
}
pipe "p224" {
  use = "value"
  value = 224
}
pipe "p225" {
  use = "value"
  value = 225
}
pipe "p226" {
  use = "value"
  value = 226
}
pipe "p227" {
  use = "value"
  value = 227
}
pipe "p228" {
  use = "value"
  value = 228
}
pipe "p229" {
  use = "value"
  value = 229
}
pipe "p230" {
  use = "value"
  value = 230
}
pipe "p231" {
  use = "value"
  value = 231
}
pipe "p232" {
  use = "value"
  value = 232
}
pipe "p233" {
  use = "value"
  value = 233
}
pipe "p234" {
  use = "value"
  value = 234
}
pipe "p235" {
  use = "value"
  value = 235
}
pipe "p236" {
  use = "value"
  value = 236
}
pipe "p237" {
  use = "value"
  value = 237
}
pipe "p238" {
  use = "value"
  value = 238
}
pipe "p239" {
  use = "value"
  value = 239
}
pipe "p240" {
  use = "value"
  value = 240
}
pipe "p241" {
  use = "value"
  value = 241
}
pipe "p242" {
  use = "value"
  value = 242
}
pipe "p243" {
  use = "value"
  value = 243
}
pipe "p244" {
  use = "value"
  value = 244
}
pipe "p245" {
  use = "value"
  value = 245
}
pipe "p246" {
  use = "value"
  value = 246
}
pipe "p247" {
  use = "value"
  value = 247
}
pipe "p248" {
  use = "value"
  value = 248
}
pipe "p249" {
  use = "value"
  value = 249
}
pipe "p250" {
  use = "value"
  value = 250
}
pipe "p251" {
  use = "value"
  value = 251
}
pipe "p252" {
  use = "value"
  value = 252
}
pipe "p253" {
  use = "value"
  value = 253
}
pipe "p254" {
  use = "value"
  value = 254
}
pipe "p255" {
  use = "value"
  value = 255
}
pipe "p256" {
  use = "value"
  value = 256
}
pipe "p257" {
  use = "value"
  value = 257
}
pipe "p258" {
  use = "value"
  value = 258
}
pipe "p259" {
  use = "value"
  value = 259
}
pipe "p260" {
  use = "value"
  value = 260
}
pipe "p261" {
  use = "value"
  value = 261
}
pipe "p262" {
  use = "value"
  value = 262
}
pipe "p263" {
  use = "value"
  value = 263
}
pipe "p264" {
  use = "value"
  value = 264
}
pipe "p265" {
  use = "value"
  value = 265
}
pipe "p266" {
  use = "value"
  value = 266
}
pipe "p267" {
  use = "value"
  value = 267
}
pipe "p268" {
  use = "value"
  value = 268
}
pipe "p269" {
  use = "value"
  value = 269
}
pipe "p270" {
  use = "value"
  value = 270
}
pipe "p271" {
  use = "value"
  value = 271
}
pipe "p272" {
  use = "value"
  value = 272
}
pipe "p273" {
  use = "value"
  value = 273
}
pipe "p274" {
  use = "value"
  value = 274
}
pipe "p275" {
  use = "value"
  value = 275
}
pipe "p276" {
  use = "value"
  value = 276
}
pipe "p277" {
  use = "value"
  value = 277
}
pipe "p278" {
  use = "value"
  value = 278
}
pipe "p279" {
  use = "value"
  value = 279
}
pipe "p280" {
  use = "value"
  value = 280
}
pipe "p281" {
  use = "value"
  value = 281
}
pipe "p282" {
  use = "value"
  value = 282
}
pipe "p283" {
  use = "value"
  value = 283
}
pipe "p284" {
  use = "value"
  value = 284
}
pipe "p285" {
  use = "value"
  value = 285
}
pipe "p286" {
  use = "value"
  value = 286
}
pipe "p287" {
  use = "value"
  value = 287
}
pipe "p288" {
  use = "value"
  value = 288
}
pipe "p289" {
  use = "value"
  value = 289
}
pipe "p290" {
  use = "value"
  value = 290
}
pipe "p291" {
  use = "value"
  value = 291
}
pipe "p292" {
  use = "value"
  value = 292
}
pipe "p293" {
  use = "value"
  value = 293
}
pipe "p294" {
  use = "value"
  value = 294
}
pipe "p295" {
  use = "value"
  value = 295
}
pipe "p296" {
  use = "value"
  value = 296
}
pipe "p297" {
  use = "value"
  value = 297
}
pipe "p298" {
  use = "value"
  value = 298
}
pipe "p299" {
  use = "value"
  value = 299
}
pipe "p300" {
  use = "value"
  value = 300
}
pipe "p301" {
  use = "value"
  value = 301
}
pipe "p302" {
  use = "value"
  value = 302
}
pipe "p303" {
  use = "value"
  value = 303
}
pipe "p304" {
  use = "value"
  value = 304
}
pipe "p305" {
  use = "value"
  value = 305
}
pipe "p306" {
  use = "value"
  value = 306
}
pipe "p307" {
  use = "value"
  value = 307
}
pipe "p308" {
  use = "value"
  value = 308
}
pipe "p309" {
  use = "value"
  value = 309
}
pipe "p310" {
  use = "value"
  value = 310
}
pipe "p311" {
  use = "value"
  value = 311
}
pipe "p312" {
  use = "value"
  value = 312
}
pipe "p313" {
  use = "value"
  value = 313
}
pipe "p314" {
  use = "value"
  value = 314
}
pipe "p315" {
  use = "value"
  value = 315
}
pipe "p316" {
  use = "value"
  value = 316
}
pipe "p317" {
  use = "value"
  value = 317
}
pipe "p318" {
  use = "value"
  value = 318
}
pipe "p319" {
  use = "value"
  value = 319
}
pipe "p320" {
  use = "value"
  value = 320
}
pipe "p321" {
  use = "value"
  value = 321
}
pipe "p322" {
  use = "value"
  value = 322
}
pipe "p323" {
  use = "value"
  value = 323
}
pipe "p324" {
  use = "value"
  value = 324
}
pipe "p325" {
  use = "value"
  value = 325
}
pipe "p326" {
  use = "value"
  value = 326
}
pipe "p327" {
  use = "value"
  value = 327
}
pipe "p328" {
  use = "value"
  value = 328
}
pipe "p329" {
  use = "value"
  value = 329
}
pipe "p330" {
  use = "value"
  value = 330
}
pipe "p331" {
  use = "value"
  value = 331
}
pipe "p332" {
  use = "value"
  value = 332
}
pipe "p333" {
  use = "value"
  value = 333
}
pipe "p334" {
  use = "value"
  value = 334
}
pipe "p335" {
  use = "value"
  value = 335
}
pipe "p336" {
  use = "value"
  value = 336
}
pipe "p337" {
  use = "value"
  value = 337
}
pipe "p338" {
  use = "value"
  value = 338
}
pipe "p339" {
  use = "value"
  value = 339
}
pipe "p340" {
  use = "value"
  value = 340
}
pipe "p341" {
  use = "value"
  value = 341
}
pipe "p342" {
  use = "value"
  value = 342
}
pipe "p343" {
  use = "value"
  value = 343
}
pipe "p344" {
  use = "value"
  value = 344
}
pipe "p345" {
  use = "value"
  value = 345
}
pipe "p346" {
  use = "value"
  value = 346
}
pipe "p347" {
  use = "value"
  value = 347
}
pipe "p348" {
  use = "value"
  value = 348
}
pipe "p349" {
  use = "value"
  value = 349
}
pipe "p350" {
  use = "value"
  value = 350
}
pipe "p351" {
  use = "value"
  value = 351
}
pipe "p352" {
  use = "value"
  value = 352
}
pipe "p353" {
  use = "value"
  value = 353
}
pipe "p354" {
  use = "value"
  value = 354
}
pipe "p355" {
  use = "value"
  value = 355
}
pipe "p356" {
  use = "value"
  value = 356
}
pipe "p357" {
  use = "value"
  value = 357
}
pipe "p358" {
  use = "value"
  value = 358
}
pipe "p359" {
  use = "value"
  value = 359
}
pipe "p360" {
  use = "value"
  value = 360
}
pipe "p361" {
  use = "value"
  value = 361
}
pipe "p362" {
  use = "value"
  value = 362
}
pipe "p363" {
  use = "value"
  value = 363
}
pipe "p364" {
  use = "value"
  value = 364
}
pipe "p365" {
  use = "value"
  value = 365
}
pipe "p366" {
  use = "value"
  value = 366
}
pipe "p367" {
  use = "value"
  value = 367
}
pipe "p368" {
  use = "value"
  value = 368
}
pipe "p369" {
  use = "value"
  value = 369
}
pipe "p370" {
  use = "value"
  value = 370
}
pipe "p371" {
  use = "value"
  value = 371
}
pipe "p372" {
  use = "value"
  value = 372
}
pipe "p373" {
  use = "value"
  value = 373
}
pipe "p374" {
  use = "value"
  value = 374
}
pipe "p375" {
  use = "value"
  value = 375
}
pipe "p376" {
  use = "value"
  value = 376
}
pipe "p377" {
  use = "value"
  value = 377
}
pipe "p378" {
  use = "value"
  value = 378
}
pipe "p379" {
  use = "value"
  value = 379
}
pipe "p380" {
  use = "value"
  value = 380
}
pipe "p381" {
  use = "value"
  value = 381
}
pipe "p382" {
  use = "value"
  value = 382
}
pipe "p383" {
  use = "value"
  value = 383
}
pipe "p384" {
  use = "value"
  value = 384
}
pipe "p385" {
  use = "value"
  value = 385
}
pipe "p386" {
  use = "value"
  value = 386
}
pipe "p387" {
  use = "value"
  value = 387
}
pipe "p388" {
  use = "value"
  value = 388
}
pipe "p389" {
  use = "value"
  value = 389
}
pipe "p390" {
  use = "value"
  value = 390
}
pipe "p391" {
  use = "value"
  value = 391
}
pipe "p392" {
  use = "value"
  value = 392
}
pipe "p393" {
  use = "value"
  value = 393
}
pipe "p394" {
  use = "value"
  value = 394
}
pipe "p395" {
  use = "value"
  value = 395
}
pipe "p396" {
  use = "value"
  value = 396
}
pipe "p397" {
  use = "value"
  value = 397
}
pipe "p398" {
  use = "value"
  value = 398
}
pipe "p399" {
  use = "value"
  value = 399
}
pipe "p400" {
  use = "value"
  value = 400
}
pipe "p401" {
  use = "value"
  value = 401
}
pipe "p402" {
  use = "value"
  value = 402
}
pipe "p403" {
  use = "value"
  value = 403
}
pipe "p404" {
  use = "value"
  value = 404
}
pipe "p405" {
  use = "value"
  value = 405
}
pipe "p406" {
  use = "value"
  value = 406
}
pipe "p407" {
  use = "value"
  value = 407
}
pipe "p408" {
  use = "value"
  value = 408
}
pipe "p409" {
  use = "value"
  value = 409
}
pipe "p410" {
  use = "value"
  value = 410
}
pipe "p411" {
  use = "value"
  value = 411
}
pipe "p412" {
  use = "value"
  value = 412
}
pipe "p413" {
  use = "value"
  value = 413
}
pipe "p414" {
  use = "value"
  value = 414
}
pipe "p415" {
  use = "value"
  value = 415
}
pipe "p416" {
  use = "value"
  value = 416
}
pipe "p417" {
  use = "value"
  value = 417
}
pipe "p418" {
  use = "value"
  value = 418
}
pipe "p419" {
  use = "value"
  value = 419
}
pipe "p420" {
  use = "value"
  value = 420
}
pipe "p421" {
  use = "value"
  value = 421
}
pipe "p422" {
  use = "value"
  value = 422
}
pipe "p423" {
  use = "value"
  value = 423
}
pipe "p424" {
  use = "value"
  value = 424
}
pipe "p425" {
  use = "value"
  value = 425
}
pipe "p426" {
  use = "value"
  value = 426
}
pipe "p427" {
  use = "value"
  value = 427
}
pipe "p428" {
  use = "value"
  value = 428
}
pipe "p429" {
  use = "value"
  value = 429
}
pipe "p430" {
  use = "value"
  value = 430
}
pipe "p431" {
  use = "value"
  value = 431
}
pipe "p432" {
  use = "value"
  value = 432
}
pipe "p433" {
  use = "value"
  value = 433
}
pipe "p434" {
  use = "value"
  value = 434
}
pipe "p435" {
  use = "value"
  value = 435
}
pipe "p436" {
  use = "value"
  value = 436
}
pipe "p437" {
  use = "value"
  value = 437
}
pipe "p438" {
  use = "value"
  value = 438
}
pipe "p439" {
  use = "value"
  value = 439
}
pipe "p440" {
  use = "value"
  value = 440
}
pipe "p441" {
  use = "value"
  value = 441
}
pipe "p442" {
  use = "value"
  value = 442
}
pipe "p443" {
  use = "value"
  value = 443
}
pipe "p444" {
  use = "value"
  value = 444
}
pipe "p445" {
  use = "value"
  value = 445
}
pipe "p446" {
  use = "value"
  value = 446
}
pipe "p447" {
  use = "value"
  value = 447
}
pipe "p448" {
  use = "value"
  value = 448
}
pipe "p449" {
  use = "value"
  value = 449
}
pipe "p450" {
  use = "value"
  value = 450
}
pipe "p451" {
  use = "value"
  value = 451
}
pipe "p452" {
  use = "value"
  value = 452
}
pipe "p453" {
  use = "value"
  value = 453
}
pipe "p454" {
  use = "value"
  value = 454
}
pipe "p455" {
  use = "value"
  value = 455
}
pipe "p456" {
  use = "value"
  value = 456
}
pipe "p457" {
  use = "value"
  value = 457
}
pipe "p458" {
  use = "value"
  value = 458
}
pipe "p459" {
  use = "value"
  value = 459
}
pipe "p460" {
  use = "value"
  value = 460
}
pipe "p461" {
  use = "value"
  value = 461
}
pipe "p462" {
  use = "value"
  value = 462
}
pipe "p463" {
  use = "value"
  value = 463
}
pipe "p464" {
  use = "value"
  value = 464
}
pipe "p465" {
  use = "value"
  value = 465
}
pipe "p466" {
  use = "value"
  value = 466
}
pipe "p467" {
  use = "value"
  value = 467
}
pipe "p468" {
  use = "value"
  value = 468
}
pipe "p469" {
  use = "value"
  value = 469
}
pipe "p470" {
  use = "value"
  value = 470
}
pipe "p471" {
  use = "value"
  value = 471
}
pipe "p472" {
  use = "value"
  value = 472
}
pipe "p473" {
  use = "value"
  value = 473
}
pipe "p474" {
  use = "value"
  value = 474
}
pipe "p475" {
  use = "value"
  value = 475
}
pipe "p476" {
  use = "value"
  value = 476
}
pipe "p477" {
  use = "value"
  value = 477
}
pipe "p478" {
  use = "value"
  value = 478
}
pipe "p479" {
  use = "value"
  value = 479
}
pipe "p480" {
  use = "value"
  value = 480
}
pipe "p481" {
  use = "value"
  value = 481
}
pipe "p482" {
  use = "value"
  value = 482
}
pipe "p483" {
  use = "value"
  value = 483
}
pipe "p484" {
  use = "value"
  value = 484
}
pipe "p485" {
  use = "value"
  value = 485
}
pipe "p486" {
  use = "value"
  value = 486
}
pipe "p487" {
  use = "value"
  value = 487
}
pipe "p488" {
  use = "value"
  value = 488
}
pipe "p489" {
  use = "value"
  value = 489
}
pipe "p490" {
  use = "value"
  value = 490
}
pipe "p491" {
  use = "value"
  value = 491
}
pipe "p492" {
  use = "value"
  value = 492
}
pipe "p493" {
  use = "value"
  value = 493
}
pipe "p494" {
  use = "value"
  value = 494
}
pipe "p495" {
  use = "value"
  value = 495
}
pipe "p496" {
  use = "value"
  value = 496
}
pipe "p497" {
  use = "value"
  value = 497
}
pipe "p498" {
  use = "value"
  value = 498
}
pipe "p499" {
  use = "value"
  value = 499
}
pipe "p500" {
  use = "value"
  value = 500
}
pipe "p501" {
  use = "value"
  value = 501
}
pipe "p502" {
  use = "value"
  value = 502
}
pipe "p503" {
  use = "value"
  value = 503
}
pipe "p504" {
  use = "value"
  value = 504
}
pipe "p505" {
  use = "value"
  value = 505
}
pipe "p506" {
  use = "value"
  value = 506
}
pipe "p507" {
  use = "value"
  value = 507
}
pipe "p508" {
  use = "value"
  value = 508
}
pipe "p509" {
  use = "value"
  value = 509
}
pipe "p510" {
  use = "value"
  value = 510
}
pipe "p511" {
  use = "value"
  value = 511
}
pipe "p512" {
  use = "value"
  value = 512
}
pipe "p513" {
  use = "value"
  value = 513
}
pipe "p514" {
  use = "value"
  value = 514
}
pipe "p515" {
  use = "value"
  value = 515
}
pipe "p516" {
  use = "value"
  value = 516
}
pipe "p517" {
  use = "value"
  value = 517
}
pipe "p518" {
  use = "value"
  value = 518
}
pipe "p519" {
  use = "value"
  value = 519
}
pipe "p520" {
  use = "value"
  value = 520
}
pipe "p521" {
  use = "value"
  value = 521
}
pipe "p522" {
  use = "value"
  value = 522
}
pipe "p523" {
  use = "value"
  value = 523
}
pipe "p524" {
  use = "value"
  value = 524
}
pipe "p525" {
  use = "value"
  value = 525
}
pipe "p526" {
  use = "value"
  value = 526
}
pipe "p527" {
  use = "value"
  value = 527
}
pipe "p528" {
  use = "value"
  value = 528
}
pipe "p529" {
  use = "value"
  value = 529
}
pipe "p530" {
  use = "value"
  value = 530
}
pipe "p531" {
  use = "value"
  value = 531
}
pipe "p532" {
  use = "value"
  value = 532
}
pipe "p533" {
  use = "value"
  value = 533
}
pipe "p534" {
  use = "value"
  value = 534
}
pipe "p535" {
  use = "value"
  value = 535
}
pipe "p536" {
  use = "value"
  value = 536
}
pipe "p537" {
  use = "value"
  value = 537
}
pipe "p538" {
  use = "value"
  value = 538
}
pipe "p539" {
  use = "value"
  value = 539
}
pipe "p540" {
  use = "value"
  value = 540
}
pipe "p541" {
  use = "value"
  value = 541
}
pipe "p542" {
  use = "value"
  value = 542
}
pipe "p543" {
  use = "value"
  value = 543
}
pipe "p544" {
  use = "value"
  value = 544
}
pipe "p545" {
  use = "value"
  value = 545
}
pipe "p546" {
  use = "value"
  value = 546
}
pipe "p547" {
  use = "value"
  value = 547
}
pipe "p548" {
  use = "value"
  value = 548
}
pipe "p549" {
  use = "value"
  value = 549
}
pipe "p550" {
  use = "value"
  value = 550
}
pipe "p551" {
  use = "value"
  value = 551
}
pipe "p552" {
  use = "value"
  value = 552
}
pipe "p553" {
  use = "value"
  value = 553
}
pipe "p554" {
  use = "value"
  value = 554
}
pipe "p555" {
  use = "value"
  value = 555
}
pipe "p556" {
  use = "value"
  value = 556
}
pipe "p557" {
  use = "value"
  value = 557
}
pipe "p558" {
  use = "value"
  value = 558
}
pipe "p559" {
  use = "value"
  value = 559
}
pipe "p560" {
  use = "value"
  value = 560
}
pipe "p561" {
  use = "value"
  value = 561
}
pipe "p562" {
  use = "value"
  value = 562
}
pipe "p563" {
  use = "value"
  value = 563
}
pipe "p564" {
  use = "value"
  value = 564
}
pipe "p565" {
  use = "value"
  value = 565
}
pipe "p566" {
  use = "value"
  value = 566
}
pipe "p567" {
  use = "value"
  value = 567
}
pipe "p568" {
  use = "value"
  value = 568
}
pipe "p569" {
  use = "value"
  value = 569
}
pipe "p570" {
  use = "value"
  value = 570
}
pipe "p571" {
  use = "value"
  value = 571
}
pipe "p572" {
  use = "value"
  value = 572
}
pipe "p573" {
  use = "value"
  value = 573
}
pipe "p574" {
  use = "value"
  value = 574
}
pipe "p575" {
  use = "value"
  value = 575
}
pipe "p576" {
  use = "value"
  value = 576
}
pipe "p577" {
  use = "value"
  value = 577
}
pipe "p578" {
  use = "value"
  value = 578
}
pipe "p579" {
  use = "value"
  value = 579
}
pipe "p580" {
  use = "value"
  value = 580
}
pipe "p581" {
  use = "value"
  value = 581
}
pipe "p582" {
  use = "value"
  value = 582
}
pipe "p583" {
  use = "value"
  value = 583
}
pipe "p584" {
  use = "value"
  value = 584
}
pipe "p585" {
  use = "value"
  value = 585
}
pipe "p586" {
  use = "value"
  value = 586
}
pipe "p587" {
  use = "value"
  value = 587
}
pipe "p588" {
  use = "value"
  value = 588
}
pipe "p589" {
  use = "value"
  value = 589
}
pipe "p590" {
  use = "value"
  value = 590
}
pipe "p591" {
  use = "value"
  value = 591
}
pipe "p592" {
  use = "value"
  value = 592
}
pipe "p593" {
  use = "value"
  value = 593
}
pipe "p594" {
  use = "value"
  value = 594
}
pipe "p595" {
  use = "value"
  value = 595
}
pipe "p596" {
  use = "value"
  value = 596
}
pipe "p597" {
  use = "value"
  value = 597
}
pipe "p598" {
  use = "value"
  value = 598
}
pipe "p599" {
  use = "value"
  value = 599
}
pipe "p600" {
  use = "value"
  value = 600
}
pipe "p601" {
  use = "value"
  value = 601
}
pipe "p602" {
  use = "value"
  value = 602
}
pipe "p603" {
  use = "value"
  value = 603
}
pipe "p604" {
  use = "value"
  value = 604
}
pipe "p605" {
  use = "value"
  value = 605
}
pipe "p606" {
  use = "value"
  value = 606
}
pipe "p607" {
  use = "value"
  value = 607
}
pipe "p608" {
  use = "value"
  value = 608
}
pipe "p609" {
  use = "value"
  value = 609
}
pipe "p610" {
  use = "value"
  value = 610
}
pipe "p611" {
  use = "value"
  value = 611
}
pipe "p612" {
  use = "value"
  value = 612
}
pipe "p613" {
  use = "value"
  value = 613
}
pipe "p614" {
  use = "value"
  value = 614
}
pipe "p615" {
  use = "value"
  value = 615
}
pipe "p616" {
  use = "value"
  value = 616
}
pipe "p617" {
  use = "value"
  value = 617
}
pipe "p618" {
  use = "value"
  value = 618
}
pipe "p619" {
  use = "value"
  value = 619
}
pipe "p620" {
  use = "value"
  value = 620
}
pipe "p621" {
  use = "value"
  value = 621
}
pipe "p622" {
  use = "value"
  value = 622
}
pipe "p623" {
  use = "value"
  value = 623
}
pipe "p624" {
  use = "value"
  value = 624
}
pipe "p625" {
  use = "value"
  value = 625
}
pipe "p626" {
  use = "value"
  value = 626
}
pipe "p627" {
  use = "value"
  value = 627
}
pipe "p628" {
  use = "value"
  value = 628
}
pipe "p629" {
  use = "value"
  value = 629
}
pipe "p630" {
  use = "value"
  value = 630
}
pipe "p631" {
  use = "value"
  value = 631
}
pipe "p632" {
  use = "value"
  value = 632
}
pipe "p633" {
  use = "value"
  value = 633
}
pipe "p634" {
  use = "value"
  value = 634
}
pipe "p635" {
  use = "value"
  value = 635
}
pipe "p636" {
  use = "value"
  value = 636
}
pipe "p637" {
  use = "value"
  value = 637
}
pipe "p638" {
  use = "value"
  value = 638
}
pipe "p639" {
  use = "value"
  value = 639
}
pipe "p640" {
  use = "value"
  value = 640
}
pipe "p641" {
  use = "value"
  value = 641
}
pipe "p642" {
  use = "value"
  value = 642
}
pipe "p643" {
  use = "value"
  value = 643
}
pipe "p644" {
  use = "value"
  value = 644
}
pipe "p645" {
  use = "value"
  value = 645
}
pipe "p646" {
  use = "value"
  value = 646
}
pipe "p647" {
  use = "value"
  value = 647
}
pipe "p648" {
  use = "value"
  value = 648
}
pipe "p649" {
  use = "value"
  value = 649
}
pipe "p650" {
  use = "value"
  value = 650
}
pipe "p651" {
  use = "value"
  value = 651
}
pipe "p652" {
  use = "value"
  value = 652
}
pipe "p653" {
  use = "value"
  value = 653
}
pipe "p654" {
  use = "value"
  value = 654
}
pipe "p655" {
  use = "value"
  value = 655
}
pipe "p656" {
  use = "value"
  value = 656
}
pipe "p657" {
  use = "value"
  value = 657
}
pipe "p658" {
  use = "value"
  value = 658
}
pipe "p659" {
  use = "value"
  value = 659
}
pipe "p660" {
  use = "value"
  value = 660
}
pipe "p661" {
  use = "value"
  value = 661
}
pipe "p662" {
  use = "value"
  value = 662
}
pipe "p663" {
  use = "value"
  value = 663
}
pipe "p664" {
  use = "value"
  value = 664
}
pipe "p665" {
  use = "value"
  value = 665
}
pipe "p666" {
  use = "value"
  value = 666
}
pipe "p667" {
  use = "value"
  value = 667
}
pipe "p668" {
  use = "value"
  value = 668
}
pipe "p669" {
  use = "value"
  value = 669
}
pipe "p670" {
  use = "value"
  value = 670
}
pipe "p671" {
  use = "value"
  value = 671
}
pipe "p672" {
  use = "value"
  value = 672
}
pipe "p673" {
  use = "value"
  value = 673
}
pipe "p674" {
  use = "value"
  value = 674
}
pipe "p675" {
  use = "value"
  value = 675
}
pipe "p676" {
  use = "value"
  value = 676
}
pipe "p677" {
  use = "value"
  value = 677
}
pipe "p678" {
  use = "value"
  value = 678
}
pipe "p679" {
  use = "value"
  value = 679
}
pipe "p680" {
  use = "value"
  value = 680
}
pipe "p681" {
  use = "value"
  value = 681
}
pipe "p682" {
  use = "value"
  value = 682
}
pipe "p683" {
  use = "value"
  value = 683
}
pipe "p684" {
  use = "value"
  value = 684
}
pipe "p685" {
  use = "value"
  value = 685
}
pipe "p686" {
  use = "value"
  value = 686
}
pipe "p687" {
  use = "value"
  value = 687
}
pipe "p688" {
  use = "value"
  value = 688
}
pipe "p689" {
  use = "value"
  value = 689
}
pipe "p690" {
  use = "value"
  value = 690
}
pipe "p691" {
  use = "value"
  value = 691
}
pipe "p692" {
  use = "value"
  value = 692
}
pipe "p693" {
  use = "value"
  value = 693
}
pipe "p694" {
  use = "value"
  value = 694
}
pipe "p695" {
  use = "value"
  value = 695
}
pipe "p696" {
  use = "value"
  value = 696
}
pipe "p697" {
  use = "value"
  value = 697
}
pipe "p698" {
  use = "value"
  value = 698
}
pipe "p699" {
  use = "value"
  value = 699
}
pipe "p700" {
  use = "value"
  value = 700
}
pipe "p701" {
  use = "value"
  value = 701
}
pipe "p702" {
  use = "value"
  value = 702
}
pipe "p703" {
  use = "value"
  value = 703
}
pipe "p704" {
  use = "value"
  value = 704
}
pipe "p705" {
  use = "value"
  value = 705
}
pipe "p706" {
  use = "value"
  value = 706
}
pipe "p707" {
  use = "value"
  value = 707
}
pipe "p708" {
  use = "value"
  value = 708
}
pipe "p709" {
  use = "value"
  value = 709
}
pipe "p710" {
  use = "value"
  value = 710
}
pipe "p711" {
  use = "value"
  value = 711
}
pipe "p712" {
  use = "value"
  value = 712
}
pipe "p713" {
  use = "value"
  value = 713
}
pipe "p714" {
  use = "value"
  value = 714
}
pipe "p715" {
  use = "value"
  value = 715
}
pipe "p716" {
  use = "value"
  value = 716
}
pipe "p717" {
  use = "value"
  value = 717
}
pipe "p718" {
  use = "value"
  value = 718
}
pipe "p719" {
  use = "value"
  value = 719
}
pipe "p720" {
  use = "value"
  value = 720
}
pipe "p721" {
  use = "value"
  value = 721
}
pipe "p722" {
  use = "value"
  value = 722
}
pipe "p723" {
  use = "value"
  value = 723
}
pipe "p724" {
  use = "value"
  value = 724
}
pipe "p725" {
  use = "value"
  value = 725
}
pipe "p726" {
  use = "value"
  value = 726
}
pipe "p727" {
  use = "value"
  value = 727
}
pipe "p728" {
  use = "value"
  value = 728
}
pipe "p729" {
  use = "value"
  value = 729
}
pipe "p730" {
  use = "value"
  value = 730
}
pipe "p731" {
  use = "value"
  value = 731
}
pipe "p732" {
  use = "value"
  value = 732
}
pipe "p733" {
  use = "value"
  value = 733
}
pipe "p734" {
  use = "value"
  value = 734
}
pipe "p735" {
  use = "value"
  value = 735
}
pipe "p736" {
  use = "value"
  value = 736
}
pipe "p737" {
  use = "value"
  value = 737
}
pipe "p738" {
  use = "value"
  value = 738
}
pipe "p739" {
  use = "value"
  value = 739
}
pipe "p740" {
  use = "value"
  value = 740
}
pipe "p741" {
  use = "value"
  value = 741
}
pipe "p742" {
  use = "value"
  value = 742
}
pipe "p743" {
  use = "value"
  value = 743
}
pipe "p744" {
  use = "value"
  value = 744
}
pipe "p745" {
  use = "value"
  value = 745
}
pipe "p746" {
  use = "value"
  value = 746
}
pipe "p747" {
  use = "value"
  value = 747
}
pipe "p748" {
  use = "value"
  value = 748
}
pipe "p749" {
  use = "value"
  value = 749
}
pipe "p750" {
  use = "value"
  value = 750
}
pipe "p751" {
  use = "value"
  value = 751
}
pipe "p752" {
  use = "value"
  value = 752
}
pipe "p753" {
  use = "value"
  value = 753
}
pipe "p754" {
  use = "value"
  value = 754
}
pipe "p755" {
  use = "value"
  value = 755
}
pipe "p756" {
  use = "value"
  value = 756
}
pipe "p757" {
  use = "value"
  value = 757
}
pipe "p758" {
  use = "value"
  value = 758
}
pipe "p759" {
  use = "value"
  value = 759
}
pipe "p760" {
  use = "value"
  value = 760
}
pipe "p761" {
  use = "value"
  value = 761
}
pipe "p762" {
  use = "value"
  value = 762
}
pipe "p763" {
  use = "value"
  value = 763
}
pipe "p764" {
  use = "value"
  value = 764
}
pipe "p765" {
  use = "value"
  value = 765
}
pipe "p766" {
  use = "value"
  value = 766
}
pipe "p767" {
  use = "value"
  value = 767
}
pipe "p768" {
  use = "value"
  value = 768
}
pipe "p769" {
  use = "value"
  value = 769
}
pipe "p770" {
  use = "value"
  value = 770
}
pipe "p771" {
  use = "value"
  value = 771
}
pipe "p772" {
  use = "value"
  value = 772
}
pipe "p773" {
  use = "value"
  value = 773
}
pipe "p774" {
  use = "value"
  value = 774
}
pipe "p775" {
  use = "value"
  value = 775
}
pipe "p776" {
  use = "value"
  value = 776
}
pipe "p777" {
  use = "value"
  value = 777
}
pipe "p778" {
  use = "value"
  value = 778
}
pipe "p779" {
  use = "value"
  value = 779
}
pipe "p780" {
  use = "value"
  value = 780
}
pipe "p781" {
  use = "value"
  value = 781
}
pipe "p782" {
  use = "value"
  value = 782
}
pipe "p783" {
  use = "value"
  value = 783
}
pipe "p784" {
  use = "value"
  value = 784
}
pipe "p785" {
  use = "value"
  value = 785
}
pipe "p786" {
  use = "value"
  value = 786
}
pipe "p787" {
  use = "value"
  value = 787
}
pipe "p788" {
  use = "value"
  value = 788
}
pipe "p789" {
  use = "value"
  value = 789
}
pipe "p790" {
  use = "value"
  value = 790
}
pipe "p791" {
  use = "value"
  value = 791
}
pipe "p792" {
  use = "value"
  value = 792
}
pipe "p793" {
  use = "value"
  value = 793
}
pipe "p794" {
  use = "value"
  value = 794
}
pipe "p795" {
  use = "value"
  value = 795
}
pipe "p796" {
  use = "value"
  value = 796
}
pipe "p797" {
  use = "value"
  value = 797
}
pipe "p798" {
  use = "value"
  value = 798
}
pipe "p799" {
  use = "value"
  value = 799
}
pipe "p800" {
  use = "value"
  value = 800
}
pipe "p801" {
  use = "value"
  value = 801
}
pipe "p802" {
  use = "value"
  value = 802
}
pipe "p803" {
  use = "value"
  value = 803
}
pipe "p804" {
  use = "value"
  value = 804
}
pipe "p805" {
  use = "value"
  value = 805
}
pipe "p806" {
  use = "value"
  value = 806
}
pipe "p807" {
  use = "value"
  value = 807
}
pipe "p808" {
  use = "value"
  value = 808
}
pipe "p809" {
  use = "value"
  value = 809
}
pipe "p810" {
  use = "value"
  value = 810
}
pipe "p811" {
  use = "value"
  value = 811
}
pipe "p812" {
  use = "value"
  value = 812
}
pipe "p813" {
  use = "value"
  value = 813
}
pipe "p814" {
  use = "value"
  value = 814
}
pipe "p815" {
  use = "value"
  value = 815
}
pipe "p816" {
  use = "value"
  value = 816
}
pipe "p817" {
  use = "value"
  value = 817
}
pipe "p818" {
  use = "value"
  value = 818
}
pipe "p819" {
  use = "value"
  value = 819
}
pipe "p820" {
  use = "value"
  value = 820
}
pipe "p821" {
  use = "value"
  value = 821
}
pipe "p822" {
  use = "value"
  value = 822
}
pipe "p823" {
  use = "value"
  value = 823
}
pipe "p824" {
  use = "value"
  value = 824
}
pipe "p825" {
  use = "value"
  value = 825
}
pipe "p826" {
  use = "value"
  value = 826
}
pipe "p827" {
  use = "value"
  value = 827
}
pipe "p828" {
  use = "value"
  value = 828
}
pipe "p829" {
  use = "value"
  value = 829
}
pipe "p830" {
  use = "value"
  value = 830
}
pipe "p831" {
  use = "value"
  value = 831
}
pipe "p832" {
  use = "value"
  value = 832
}
pipe "p833" {
  use = "value"
  value = 833
}
pipe "p834" {
  use = "value"
  value = 834
}
pipe "p835" {
  use = "value"
  value = 835
}
pipe "p836" {
  use = "value"
  value = 836
}
pipe "p837" {
  use = "value"
  value = 837
}
pipe "p838" {
  use = "value"
  value = 838
}
pipe "p839" {
  use = "value"
  value = 839
}
pipe "p840" {
  use = "value"
  value = 840
}
pipe "p841" {
  use = "value"
  value = 841
}
pipe "p842" {
  use = "value"
  value = 842
}
pipe "p843" {
  use = "value"
  value = 843
}
pipe "p844" {
  use = "value"
  value = 844
}
pipe "p845" {
  use = "value"
  value = 845
}
pipe "p846" {
  use = "value"
  value = 846
}
pipe "p847" {
  use = "value"
  value = 847
}
pipe "p848" {
  use = "value"
  value = 848
}
pipe "p849" {
  use = "value"
  value = 849
}
pipe "p850" {
  use = "value"
  value = 850
}
pipe "p851" {
  use = "value"
  value = 851
}
pipe "p852" {
  use = "value"
  value = 852
}
pipe "p853" {
  use = "value"
  value = 853
}
pipe "p854" {
  use = "value"
  value = 854
}
pipe "p855" {
  use = "value"
  value = 855
}
pipe "p856" {
  use = "value"
  value = 856
}
pipe "p857" {
  use = "value"
  value = 857
}
pipe "p858" {
  use = "value"
  value = 858
}
pipe "p859" {
  use = "value"
  value = 859
}
pipe "p860" {
  use = "value"
  value = 860
}
pipe "p861" {
  use = "value"
  value = 861
}
pipe "p862" {
  use = "value"
  value = 862
}
pipe "p863" {
  use = "value"
  value = 863
}
pipe "p864" {
  use = "value"
  value = 864
}
pipe "p865" {
  use = "value"
  value = 865
}
pipe "p866" {
  use = "value"
  value = 866
}
pipe "p867" {
  use = "value"
  value = 867
}
pipe "p868" {
  use = "value"
  value = 868
}
pipe "p869" {
  use = "value"
  value = 869
}
pipe "p870" {
  use = "value"
  value = 870
}
pipe "p871" {
  use = "value"
  value = 871
}
pipe "p872" {
  use = "value"
  value = 872
}
pipe "p873" {
  use = "value"
  value = 873
}
pipe "p874" {
  use = "value"
  value = 874
}
pipe "p875" {
  use = "value"
  value = 875
}
pipe "p876" {
  use = "value"
  value = 876
}
pipe "p877" {
  use = "value"
  value = 877
}
pipe "p878" {
  use = "value"
  value = 878
}
pipe "p879" {
  use = "value"
  value = 879
}
pipe "p880" {
  use = "value"
  value = 880
}
pipe "p881" {
  use = "value"
  value = 881
}
pipe "p882" {
  use = "value"
  value = 882
}
pipe "p883" {
  use = "value"
  value = 883
}
pipe "p884" {
  use = "value"
  value = 884
}
pipe "p885" {
  use = "value"
  value = 885
}
pipe "p886" {
  use = "value"
  value = 886
}
pipe "p887" {
  use = "value"
  value = 887
}
pipe "p888" {
  use = "value"
  value = 888
}
pipe "p889" {
  use = "value"
  value = 889
}
pipe "p890" {
  use = "value"
  value = 890
}
pipe "p891" {
  use = "value"
  value = 891
}
pipe "p892" {
  use = "value"
  value = 892
}
pipe "p893" {
  use = "value"
  value = 893
}
pipe "p894" {
  use = "value"
  value = 894
}
pipe "p895" {
  use = "value"
  value = 895
}
pipe "p896" {
  use = "value"
  value = 896
}
pipe "p897" {
  use = "value"
  value = 897
}
pipe "p898" {
  use = "value"
  value = 898
}
pipe "p899" {
  use = "value"
  value = 899
}
pipe "p900" {
  use = "value"
  value = 900
}
pipe "p901" {
  use = "value"
  value = 901
}
pipe "p902" {
  use = "value"
  value = 902
}
pipe "p903" {
  use = "value"
  value = 903
}
pipe "p904" {
  use = "value"
  value = 904
}
pipe "p905" {
  use = "value"
  value = 905
}
pipe "p906" {
  use = "value"
  value = 906
}
pipe "p907" {
  use = "value"
  value = 907
}
pipe "p908" {
  use = "value"
  value = 908
}
pipe "p909" {
  use = "value"
  value = 909
}
pipe "p910" {
  use = "value"
  value = 910
}
pipe "p911" {
  use = "value"
  value = 911
}
pipe "p912" {
  use = "value"
  value = 912
}
pipe "p913" {
  use = "value"
  value = 913
}
pipe "p914" {
  use = "value"
  value = 914
}
pipe "p915" {
  use = "value"
  value = 915
}
pipe "p916" {
  use = "value"
  value = 916
}
pipe "p917" {
  use = "value"
  value = 917
}
pipe "p918" {
  use = "value"
  value = 918
}
pipe "p919" {
  use = "value"
  value = 919
}
pipe "p920" {
  use = "value"
  value = 920
}
pipe "p921" {
  use = "value"
  value = 921
}
pipe "p922" {
  use = "value"
  value = 922
}
pipe "p923" {
  use = "value"
  value = 923
}
pipe "p924" {
  use = "value"
  value = 924
}
pipe "p925" {
  use = "value"
  value = 925
}
pipe "p926" {
  use = "value"
  value = 926
}
pipe "p927" {
  use = "value"
  value = 927
}
pipe "p928" {
  use = "value"
  value = 928
}
pipe "p929" {
  use = "value"
  value = 929
}
pipe "p930" {
  use = "value"
  value = 930
}
pipe "p931" {
  use = "value"
  value = 931
}
pipe "p932" {
  use = "value"
  value = 932
}
pipe "p933" {
  use = "value"
  value = 933
}
pipe "p934" {
  use = "value"
  value = 934
}
pipe "p935" {
  use = "value"
  value = 935
}
pipe "p936" {
  use = "value"
  value = 936
}
pipe "p937" {
  use = "value"
  value = 937
}
pipe "p938" {
  use = "value"
  value = 938
}
pipe "p939" {
  use = "value"
  value = 939
}
pipe "p940" {
  use = "value"
  value = 940
}
pipe "p941" {
  use = "value"
  value = 941
}
pipe "p942" {
  use = "value"
  value = 942
}
pipe "p943" {
  use = "value"
  value = 943
}
pipe "p944" {
  use = "value"
  value = 944
}
pipe "p945" {
  use = "value"
  value = 945
}
pipe "p946" {
  use = "value"
  value = 946
}
pipe "p947" {
  use = "value"
  value = 947
}
pipe "p948" {
  use = "value"
  value = 948
}
pipe "p949" {
  use = "value"
  value = 949
}
pipe "p950" {
  use = "value"
  value = 950
}
pipe "p951" {
  use = "value"
  value = 951
}
pipe "p952" {
  use = "value"
  value = 952
}
pipe "p953" {
  use = "value"
  value = 953
}
pipe "p954" {
  use = "value"
  value = 954
}
pipe "p955" {
  use = "value"
  value = 955
}
pipe "p956" {
  use = "value"
  value = 956
}
pipe "p957" {
  use = "value"
  value = 957
}
pipe "p958" {
  use = "value"
  value = 958
}
pipe "p959" {
  use = "value"
  value = 959
}
pipe "p960" {
  use = "value"
  value = 960
}
pipe "p961" {
  use = "value"
  value = 961
}
pipe "p962" {
  use = "value"
  value = 962
}
pipe "p963" {
  use = "value"
  value = 963
}
pipe "p964" {
  use = "value"
  value = 964
}
pipe "p965" {
  use = "value"
  value = 965
}
pipe "p966" {
  use = "value"
  value = 966
}
pipe "p967" {
  use = "value"
  value = 967
}
pipe "p968" {
  use = "value"
  value = 968
}
pipe "p969" {
  use = "value"
  value = 969
}
pipe "p970" {
  use = "value"
  value = 970
}
pipe "p971" {
  use = "value"
  value = 971
}
pipe "p972" {
  use = "value"
  value = 972
}
pipe "p973" {
  use = "value"
  value = 973
}
pipe "p974" {
  use = "value"
  value = 974
}
pipe "p975" {
  use = "value"
  value = 975
}
pipe "p976" {
  use = "value"
  value = 976
}
pipe "p977" {
  use = "value"
  value = 977
}
pipe "p978" {
  use = "value"
  value = 978
}
pipe "p979" {
  use = "value"
  value = 979
}
pipe "p980" {
  use = "value"
  value = 980
}
pipe "p981" {
  use = "value"
  value = 981
}
pipe "p982" {
  use = "value"
  value = 982
}
pipe "p983" {
  use = "value"
  value = 983
}
pipe "p984" {
  use = "value"
  value = 984
}
pipe "p985" {
  use = "value"
  value = 985
}
pipe "p986" {
  use = "value"
  value = 986
}
pipe "p987" {
  use = "value"
  value = 987
}
pipe "p988" {
  use = "value"
  value = 988
}
pipe "p989" {
  use = "value"
  value = 989
}
pipe "p990" {
  use = "value"
  value = 990
}
pipe "p991" {
  use = "value"
  value = 991
}
pipe "p992" {
  use = "value"
  value = 992
}
pipe "p993" {
  use = "value"
  value = 993
}
pipe "p994" {
  use = "value"
  value = 994
}
pipe "p995" {
  use = "value"
  value = 995
}
pipe "p996" {
  use = "value"
  value = 996
}
pipe "p997" {
  use = "value"
  value = 997
}
pipe "p998" {
  use = "value"
  value = 998
}
pipe "p999" {
  use = "value"
  value = 999
}
pipe "p1000" {
  use = "value"
  value = 1000
}
pipe "p1001" {
  use = "value"
  value = 1001
}
pipe "p1002" {
  use = "value"
  value = 1002
}
pipe "p1003" {
  use = "value"
  value = 1003
}
pipe "p1004" {
  use = "value"
  value = 1004
}
pipe "p1005" {
  use = "value"
  value = 1005
}
pipe "p1006" {
  use = "value"
  value = 1006
}
pipe "p1007" {
  use = "value"
  value = 1007
}
pipe "p1008" {
  use = "value"
  value = 1008
}
pipe "p1009" {
  use = "value"
  value = 1009
}
pipe "p1010" {
  use = "value"
  value = 1010
}
pipe "p1011" {
  use = "value"
  value = 1011
}
pipe "p1012" {
  use = "value"
  value = 1012
}
pipe "p1013" {
  use = "value"
  value = 1013
}
pipe "p1014" {
  use = "value"
  value = 1014
}
pipe "p1015" {
  use = "value"
  value = 1015
}
pipe "p1016" {
  use = "value"
  value = 1016
}
pipe "p1017" {
  use = "value"
  value = 1017
}
pipe "p1018" {
  use = "value"
  value = 1018
}
pipe "p1019" {
  use = "value"
  value = 1019
}
pipe "p1020" {
  use = "value"
  value = 1020
}
pipe "p1021" {
  use = "value"
  value = 1021
}
pipe "p1022" {
  use = "value"
  value = 1022
}
pipe "p1023" {
  use = "value"
  value = 1023
}
pipe "p1024" {
  use = "value"
  value = 1024
}
pipe "p1025" {
  use = "value"
  value = 1025
}
pipe "p1026" {
  use = "value"
  value = 1026
}
pipe "p1027" {
  use = "value"
  value = 1027
}
pipe "p1028" {
  use = "value"
  value = 1028
}
pipe "p1029" {
  use = "value"
  value = 1029
}
pipe "p1030" {
  use = "value"
  value = 1030
}
pipe "p1031" {
  use = "value"
  value = 1031
}
pipe "p1032" {
  use = "value"
  value = 1032
}
pipe "p1033" {
  use = "value"
  value = 1033
}
pipe "p1034" {
  use = "value"
  value = 1034
}
pipe "p1035" {
  use = "value"
  value = 1035
}
pipe "p1036" {
  use = "value"
  value = 1036
}
pipe "p1037" {
  use = "value"
  value = 1037
}
pipe "p1038" {
  use = "value"
  value = 1038
}
pipe "p1039" {
  use = "value"
  value = 1039
}
pipe "p1040" {
  use = "value"
  value = 1040
}
pipe "p1041" {
  use = "value"
  value = 1041
}
pipe "p1042" {
  use = "value"
  value = 1042
}
pipe "p1043" {
  use = "value"
  value = 1043
}
pipe "p1044" {
  use = "value"
  value = 1044
}
pipe "p1045" {
  use = "value"
  value = 1045
}
pipe "p1046" {
  use = "value"
  value = 1046
}
pipe "p1047" {
  use = "value"
  value = 1047
}
pipe "p1048" {
  use = "value"
  value = 1048
}
pipe "p1049" {
  use = "value"
  value = 1049
}
pipe "p1050" {
  use = "value"
  value = 1050
}
pipe "p1051" {
  use = "value"
  value = 1051
}
pipe "p1052" {
  use = "value"
  value = 1052
}
pipe "p1053" {
  use = "value"
  value = 1053
}
pipe "p1054" {
  use = "value"
  value = 1054
}
pipe "p1055" {
  use = "value"
  value = 1055
}
pipe "p1056" {
  use = "value"
  value = 1056
}
pipe "p1057" {
  use = "value"
  value = 1057
}
pipe "p1058" {
  use = "value"
  value = 1058
}
pipe "p1059" {
  use = "value"
  value = 1059
}
pipe "p1060" {
  use = "value"
  value = 1060
}
pipe "p1061" {
  use = "value"
  value = 1061
}
pipe "p1062" {
  use = "value"
  value = 1062
}
pipe "p1063" {
  use = "value"
  value = 1063
}
pipe "p1064" {
  use = "value"
  value = 1064
}
pipe "p1065" {
  use = "value"
  value = 1065
}
pipe "p1066" {
  use = "value"
  value = 1066
}
pipe "p1067" {
  use = "value"
  value = 1067
}
pipe "p1068" {
  use = "value"
  value = 1068
}
pipe "p1069" {
  use = "value"
  value = 1069
}
pipe "p1070" {
  use = "value"
  value = 1070
}
pipe "p1071" {
  use = "value"
  value = 1071
}
pipe "p1072" {
  use = "value"
  value = 1072
}
pipe "p1073" {
  use = "value"
  value = 1073
}
pipe "p1074" {
  use = "value"
  value = 1074
}
pipe "p1075" {
  use = "value"
  value = 1075
}
pipe "p1076" {
  use = "value"
  value = 1076
}
pipe "p1077" {
  use = "value"
  value = 1077
}
pipe "p1078" {
  use = "value"
  value = 1078
}
pipe "p1079" {
  use = "value"
  value = 1079
}
pipe "p1080" {
  use = "value"
  value = 1080
}
pipe "p1081" {
  use = "value"
  value = 1081
}
pipe "p1082" {
  use = "value"
  value = 1082
}
pipe "p1083" {
  use = "value"
  value = 1083
}
pipe "p1084" {
  use = "value"
  value = 1084
}
pipe "p1085" {
  use = "value"
  value = 1085
}
pipe "p1086" {
  use = "value"
  value = 1086
}
pipe "p1087" {
  use = "value"
  value = 1087
}
pipe "p1088" {
  use = "value"
  value = 1088
}
pipe "p1089" {
  use = "value"
  value = 1089
}
pipe "p1090" {
  use = "value"
  value = 1090
}
pipe "p1091" {
  use = "value"
  value = 1091
}
pipe "p1092" {
  use = "value"
  value = 1092
}
pipe "p1093" {
  use = "value"
  value = 1093
}
pipe "p1094" {
  use = "value"
  value = 1094
}
pipe "p1095" {
  use = "value"
  value = 1095
}
pipe "p1096" {
  use = "value"
  value = 1096
}
pipe "p1097" {
  use = "value"
  value = 1097
}
pipe "p1098" {
  use = "value"
  value = 1098
}
pipe "p1099" {
  use = "value"
  value = 1099
}
pipe "p1100" {
  use = "value"
  value = 1100
}
pipe "p1101" {
  use = "value"
  value = 1101
}
pipe "p1102" {
  use = "value"
  value = 1102
}
pipe "p1103" {
  use = "value"
  value = 1103
}
pipe "p1104" {
  use = "value"
  value = 1104
}
pipe "p1105" {
  use = "value"
  value = 1105
}
pipe "p1106" {
  use = "value"
  value = 1106
}
pipe "p1107" {
  use = "value"
  value = 1107
}
pipe "p1108" {
  use = "value"
  value = 1108
}
pipe "p1109" {
  use = "value"
  value = 1109
}
pipe "p1110" {
  use = "value"
  value = 1110
}
pipe "p1111" {
  use = "value"
  value = 1111
}
pipe "p1112" {
  use = "value"
  value = 1112
}
pipe "p1113" {
  use = "value"
  value = 1113
}
pipe "p1114" {
  use = "value"
  value = 1114
}
pipe "p1115" {
  use = "value"
  value = 1115
}
pipe "p1116" {
  use = "value"
  value = 1116
}
pipe "p1117" {
  use = "value"
  value = 1117
}
pipe "p1118" {
  use = "value"
  value = 1118
}
pipe "p1119" {
  use = "value"
  value = 1119
}
pipe "p1120" {
  use = "value"
  value = 1120
}
pipe "p1121" {
  use = "value"
  value = 1121
}
pipe "p1122" {
  use = "value"
  value = 1122
}
pipe "p1123" {
  use = "value"
  value = 1123
}
pipe "p1124" {
  use = "value"
  value = 1124
}
pipe "p1125" {
  use = "value"
  value = 1125
}
pipe "p1126" {
  use = "value"
  value = 1126
}
pipe "p1127" {
  use = "value"
  value = 1127
}
pipe "p1128" {
  use = "value"
  value = 1128
}
pipe "p1129" {
  use = "value"
  value = 1129
}
pipe "p1130" {
  use = "value"
  value = 1130
}
pipe "p1131" {
  use = "value"
  value = 1131
}
pipe "p1132" {
  use = "value"
  value = 1132
}
pipe "p1133" {
  use = "value"
  value = 1133
}
pipe "p1134" {
  use = "value"
  value = 1134
}
pipe "p1135" {
  use = "value"
  value = 1135
}
pipe "p1136" {
  use = "value"
  value = 1136
}
pipe "p1137" {
  use = "value"
  value = 1137
}
pipe "p1138" {
  use = "value"
  value = 1138
}
pipe "p1139" {
  use = "value"
  value = 1139
}
pipe "p1140" {
  use = "value"
  value = 1140
}
pipe "p1141" {
  use = "value"
  value = 1141
}
pipe "p1142" {
  use = "value"
  value = 1142
}
pipe "p1143" {
  use = "value"
  value = 1143
}
pipe "p1144" {
  use = "value"
  value = 1144
}
pipe "p1145" {
  use = "value"
  value = 1145
}
pipe "p1146" {
  use = "value"
  value = 1146
}
pipe "p1147" {
  use = "value"
  value = 1147
}
pipe "p1148" {
  use = "value"
  value = 1148
}
pipe "p1149" {
  use = "value"
  value = 1149
}
pipe "p1150" {
  use = "value"
  value = 1150
}
pipe "p1151" {
  use = "value"
  value = 1151
}
pipe "p1152" {
  use = "value"
  value = 1152
}
pipe "p1153" {
  use = "value"
  value = 1153
}
pipe "p1154" {
  use = "value"
  value = 1154
}
pipe "p1155" {
  use = "value"
  value = 1155
}
pipe "p1156" {
  use = "value"
  value = 1156
}
pipe "p1157" {
  use = "value"
  value = 1157
}
pipe "p1158" {
  use = "value"
  value = 1158
}
pipe "p1159" {
  use = "value"
  value = 1159
}
pipe "p1160" {
  use = "value"
  value = 1160
}
pipe "p1161" {
  use = "value"
  value = 1161
}
pipe "p1162" {
  use = "value"
  value = 1162
}
pipe "p1163" {
  use = "value"
  value = 1163
}
pipe "p1164" {
  use = "value"
  value = 1164
}
pipe "p1165" {
  use = "value"
  value = 1165
}
pipe "p1166" {
  use = "value"
  value = 1166
}
pipe "p1167" {
  use = "value"
  value = 1167
}
pipe "p1168" {
  use = "value"
  value = 1168
}
pipe "p1169" {
  use = "value"
  value = 1169
}
pipe "p1170" {
  use = "value"
  value = 1170
}
pipe "p1171" {
  use = "value"
  value = 1171
}
pipe "p1172" {
  use = "value"
  value = 1172
}
pipe "p1173" {
  use = "value"
  value = 1173
}
pipe "p1174" {
  use = "value"
  value = 1174
}
pipe "p1175" {
  use = "value"
  value = 1175
}
pipe "p1176" {
  use = "value"
  value = 1176
}
pipe "p1177" {
  use = "value"
  value = 1177
}
pipe "p1178" {
  use = "value"
  value = 1178
}
pipe "p1179" {
  use = "value"
  value = 1179
}
pipe "p1180" {
  use = "value"
  value = 1180
}
pipe "p1181" {
  use = "value"
  value = 1181
}
pipe "p1182" {
  use = "value"
  value = 1182
}
pipe "p1183" {
  use = "value"
  value = 1183
}
pipe "p1184" {
  use = "value"
  value = 1184
}
pipe "p1185" {
  use = "value"
  value = 1185
}
pipe "p1186" {
  use = "value"
  value = 1186
}
pipe "p1187" {
  use = "value"
  value = 1187
}
pipe "p1188" {
  use = "value"
  value = 1188
}
pipe "p1189" {
  use = "value"
  value = 1189
}
pipe "p1190" {
  use = "value"
  value = 1190
}
pipe "p1191" {
  use = "value"
  value = 1191
}
pipe "p1192" {
  use = "value"
  value = 1192
}
pipe "p1193" {
  use = "value"
  value = 1193
}
pipe "p1194" {
  use = "value"
  value = 1194
}
pipe "p1195" {
  use = "value"
  value = 1195
}
pipe "p1196" {
  use = "value"
  value = 1196
}
pipe "p1197" {
  use = "value"
  value = 1197
}
pipe "p1198" {
  use = "value"
  value = 1198
}
pipe "p1199" {
  use = "value"
  value = 1199
}
pipe "p1200" {
  use = "value"
  value = 1200
}
pipe "p1201" {
  use = "value"
  value = 1201
}
pipe "p1202" {
  use = "value"
  value = 1202
}
pipe "p1203" {
  use = "value"
  value = 1203
}
pipe "p1204" {
  use = "value"
  value = 1204
}
pipe "p1205" {
  use = "value"
  value = 1205
}
pipe "p1206" {
  use = "value"
  value = 1206
}
pipe "p1207" {
  use = "value"
  value = 1207
}
pipe "p1208" {
  use = "value"
  value = 1208
}
pipe "p1209" {
  use = "value"
  value = 1209
}
pipe "p1210" {
  use = "value"
  value = 1210
}
pipe "p1211" {
  use = "value"
  value = 1211
}
pipe "p1212" {
  use = "value"
  value = 1212
}
pipe "p1213" {
  use = "value"
  value = 1213
}
pipe "p1214" {
  use = "value"
  value = 1214
}
pipe "p1215" {
  use = "value"
  value = 1215
}
pipe "p1216" {
  use = "value"
  value = 1216
}
pipe "p1217" {
  use = "value"
  value = 1217
}
pipe "p1218" {
  use = "value"
  value = 1218
}
pipe "p1219" {
  use = "value"
  value = 1219
}
pipe "p1220" {
  use = "value"
  value = 1220
}
pipe "p1221" {
  use = "value"
  value = 1221
}
pipe "p1222" {
  use = "value"
  value = 1222
}
pipe "p1223" {
  use = "value"
  value = 1223
}
pipe "p1224" {
  use = "value"
  value = 1224
}
pipe "p1225" {
  use = "value"
  value = 1225
}
pipe "p1226" {
  use = "value"
  value = 1226
}
pipe "p1227" {
  use = "value"
  value = 1227
}
pipe "p1228" {
  use = "value"
  value = 1228
}
pipe "p1229" {
  use = "value"
  value = 1229
}
pipe "p1230" {
  use = "value"
  value = 1230
}
pipe "p1231" {
  use = "value"
  value = 1231
}
pipe "p1232" {
  use = "value"
  value = 1232
}
pipe "p1233" {
  use = "value"
  value = 1233
}
pipe "p1234" {
  use = "value"
  value = 1234
}
pipe "p1235" {
  use = "value"
  value = 1235
}
pipe "p1236" {
  use = "value"
  value = 1236
}
pipe "p1237" {
  use = "value"
  value = 1237
}
pipe "p1238" {
  use = "value"
  value = 1238
}
pipe "p1239" {
  use = "value"
  value = 1239
}
pipe "p1240" {
  use = "value"
  value = 1240
}
pipe "p1241" {
  use = "value"
  value = 1241
}
pipe "p1242" {
  use = "value"
  value = 1242
}
pipe "p1243" {
  use = "value"
  value = 1243
}
pipe "p1244" {
  use = "value"
  value = 1244
}
pipe "p1245" {
  use = "value"
  value = 1245
}
pipe "p1246" {
  use = "value"
  value = 1246
}
pipe "p1247" {
  use = "value"
  value = 1247
}
pipe "p1248" {
  use = "value"
  value = 1248
}
pipe "p1249" {
  use = "value"
  value = 1249
}
pipe "p1250" {
  use = "value"
  value = 1250
}
pipe "p1251" {
  use = "value"
  value = 1251
}
pipe "p1252" {
  use = "value"
  value = 1252
}
pipe "p1253" {
  use = "value"
  value = 1253
}
pipe "p1254" {
  use = "value"
  value = 1254
}
pipe "p1255" {
  use = "value"
  value = 1255
}
pipe "p1256" {
  use = "value"
  value = 1256
}
pipe "p1257" {
  use = "value"
  value = 1257
}
pipe "p1258" {
  use = "value"
  value = 1258
}
pipe "p1259" {
  use = "value"
  value = 1259
}
pipe "p1260" {
  use = "value"
  value = 1260
}
pipe "p1261" {
  use = "value"
  value = 1261
}
pipe "p1262" {
  use = "value"
  value = 1262
}
pipe "p1263" {
  use = "value"
  value = 1263
}
pipe "p1264" {
  use = "value"
  value = 1264
}
pipe "p1265" {
  use = "value"
  value = 1265
}
pipe "p1266" {
  use = "value"
  value = 1266
}
pipe "p1267" {
  use = "value"
  value = 1267
}
pipe "p1268" {
  use = "value"
  value = 1268
}
pipe "p1269" {
  use = "value"
  value = 1269
}
pipe "p1270" {
  use = "value"
  value = 1270
}
pipe "p1271" {
  use = "value"
  value = 1271
}
pipe "p1272" {
  use = "value"
  value = 1272
}
pipe "p1273" {
  use = "value"
  value = 1273
}
pipe "p1274" {
  use = "value"
  value = 1274
}
pipe "p1275" {
  use = "value"
  value = 1275
}
pipe "p1276" {
  use = "value"
  value = 1276
}
pipe "p1277" {
  use = "value"
  value = 1277
}
pipe "p1278" {
  use = "value"
  value = 1278
}
pipe "p1279" {
  use = "value"
  value = 1279
}
pipe "p1280" {
  use = "value"
  value = 1280
}
pipe "p1281" {
  use = "value"
  value = 1281
}
pipe "p1282" {
  use = "value"
  value = 1282
}
pipe "p1283" {
  use = "value"
  value = 1283
}
pipe "p1284" {
  use = "value"
  value = 1284
}
pipe "p1285" {
  use = "value"
  value = 1285
}
pipe "p1286" {
  use = "value"
  value = 1286
}
pipe "p1287" {
  use = "value"
  value = 1287
}
pipe "p1288" {
  use = "value"
  value = 1288
}
pipe "p1289" {
  use = "value"
  value = 1289
}
pipe "p1290" {
  use = "value"
  value = 1290
}
pipe "p1291" {
  use = "value"
  value = 1291
}
pipe "p1292" {
  use = "value"
  value = 1292
}
pipe "p1293" {
  use = "value"
  value = 1293
}
pipe "p1294" {
  use = "value"
  value = 1294
}
pipe "p1295" {
  use = "value"
  value = 1295
}
pipe "p1296" {
  use = "value"
  value = 1296
}
pipe "p1297" {
  use = "value"
  value = 1297
}
pipe "p1298" {
  use = "value"
  value = 1298
}
pipe "p1299" {
  use = "value"
  value = 1299
}
pipe "p1300" {
  use = "value"
  value = 1300
}
pipe "p1301" {
  use = "value"
  value = 1301
}
pipe "p1302" {
  use = "value"
  value = 1302
}
pipe "p1303" {
  use = "value"
  value = 1303
}
pipe "p1304" {
  use = "value"
  value = 1304
}
pipe "p1305" {
  use = "value"
  value = 1305
}
pipe "p1306" {
  use = "value"
  value = 1306
}
pipe "p1307" {
  use = "value"
  value = 1307
}
pipe "p1308" {
  use = "value"
  value = 1308
}
pipe "p1309" {
  use = "value"
  value = 1309
}
pipe "p1310" {
  use = "value"
  value = 1310
}
pipe "p1311" {
  use = "value"
  value = 1311
}
pipe "p1312" {
  use = "value"
  value = 1312
}
pipe "p1313" {
  use = "value"
  value = 1313
}
pipe "p1314" {
  use = "value"
  value = 1314
}
pipe "p1315" {
  use = "value"
  value = 1315
}
pipe "p1316" {
  use = "value"
  value = 1316
}
pipe "p1317" {
  use = "value"
  value = 1317
}
pipe "p1318" {
  use = "value"
  value = 1318
}
pipe "p1319" {
  use = "value"
  value = 1319
}
pipe "p1320" {
  use = "value"
  value = 1320
}
pipe "p1321" {
  use = "value"
  value = 1321
}
pipe "p1322" {
  use = "value"
  value = 1322
}
pipe "p1323" {
  use = "value"
  value = 1323
}
pipe "p1324" {
  use = "value"
  value = 1324
}
pipe "p1325" {
  use = "value"
  value = 1325
}
pipe "p1326" {
  use = "value"
  value = 1326
}
pipe "p1327" {
  use = "value"
  value = 1327
}
pipe "p1328" {
  use = "value"
  value = 1328
}
pipe "p1329" {
  use = "value"
  value = 1329
}
pipe "p1330" {
  use = "value"
  value = 1330
}
pipe "p1331" {
  use = "value"
  value = 1331
}
pipe "p1332" {
  use = "value"
  value = 1332
}
pipe "p1333" {
  use = "value"
  value = 1333
}
pipe "p1334" {
  use = "value"
  value = 1334
}
pipe "p1335" {
  use = "value"
  value = 1335
}
pipe "p1336" {
  use = "value"
  value = 1336
}
pipe "p1337" {
  use = "value"
  value = 1337
}
pipe "p1338" {
  use = "value"
  value = 1338
}
pipe "p1339" {
  use = "value"
  value = 1339
}
pipe "p1340" {
  use = "value"
  value = 1340
}
pipe "p1341" {
  use = "value"
  value = 1341
}
pipe "p1342" {
  use = "value"
  value = 1342
}
pipe "p1343" {
  use = "value"
  value = 1343
}
pipe "p1344" {
  use = "value"
  value = 1344
}
pipe "p1345" {
  use = "value"
  value = 1345
}
pipe "p1346" {
  use = "value"
  value = 1346
}
pipe "p1347" {
  use = "value"
  value = 1347
}
pipe "p1348" {
  use = "value"
  value = 1348
}
pipe "p1349" {
  use = "value"
  value = 1349
}
pipe "p1350" {
  use = "value"
  value = 1350
}
pipe "p1351" {
  use = "value"
  value = 1351
}
pipe "p1352" {
  use = "value"
  value = 1352
}
pipe "p1353" {
  use = "value"
  value = 1353
}
pipe "p1354" {
  use = "value"
  value = 1354
}
pipe "p1355" {
  use = "value"
  value = 1355
}
pipe "p1356" {
  use = "value"
  value = 1356
}
pipe "p1357" {
  use = "value"
  value = 1357
}
pipe "p1358" {
  use = "value"
  value = 1358
}
pipe "p1359" {
  use = "value"
  value = 1359
}
pipe "p1360" {
  use = "value"
  value = 1360
}
pipe "p1361" {
  use = "value"
  value = 1361
}
pipe "p1362" {
  use = "value"
  value = 1362
}
pipe "p1363" {
  use = "value"
  value = 1363
}
pipe "p1364" {
  use = "value"
  value = 1364
}
pipe "p1365" {
  use = "value"
  value = 1365
}
pipe "p1366" {
  use = "value"
  value = 1366
}
pipe "p1367" {
  use = "value"
  value = 1367
}
pipe "p1368" {
  use = "value"
  value = 1368
}
pipe "p1369" {
  use = "value"
  value = 1369
}
pipe "p1370" {
  use = "value"
  value = 1370
}
pipe "p1371" {
  use = "value"
  value = 1371
}
pipe "p1372" {
  use = "value"
  value = 1372
}
pipe "p1373" {
  use = "value"
  value = 1373
}
pipe "p1374" {
  use = "value"
  value = 1374
}
pipe "p1375" {
  use = "value"
  value = 1375
}
pipe "p1376" {
  use = "value"
  value = 1376
}
pipe "p1377" {
  use = "value"
  value = 1377
}
pipe "p1378" {
  use = "value"
  value = 1378
}
pipe "p1379" {
  use = "value"
  value = 1379
}
pipe "p1380" {
  use = "value"
  value = 1380
}
pipe "p1381" {
  use = "value"
  value = 1381
}
pipe "p1382" {
  use = "value"
  value = 1382
}
pipe "p1383" {
  use = "value"
  value = 1383
}
pipe "p1384" {
  use = "value"
  value = 1384
}
pipe "p1385" {
  use = "value"
  value = 1385
}
pipe "p1386" {
  use = "value"
  value = 1386
}
pipe "p1387" {
  use = "value"
  value = 1387
}
pipe "p1388" {
  use = "value"
  value = 1388
}
pipe "p1389" {
  use = "value"
  value = 1389
}
pipe "p1390" {
  use = "value"
  value = 1390
}
pipe "p1391" {
  use = "value"
  value = 1391
}
pipe "p1392" {
  use = "value"
  value = 1392
}
pipe "p1393" {
  use = "value"
  value = 1393
}
pipe "p1394" {
  use = "value"
  value = 1394
}
pipe "p1395" {
  use = "value"
  value = 1395
}
pipe "p1396" {
  use = "value"
  value = 1396
}
pipe "p1397" {
  use = "value"
  value = 1397
}
pipe "p1398" {
  use = "value"
  value = 1398
}
pipe "p1399" {
  use = "value"
  value = 1399
}
pipe "p1400" {
  use = "value"
  value = 1400
}
pipe "p1401" {
  use = "value"
  value = 1401
}
pipe "p1402" {
  use = "value"
  value = 1402
}
pipe "p1403" {
  use = "value"
  value = 1403
}
pipe "p1404" {
  use = "value"
  value = 1404
}
pipe "p1405" {
  use = "value"
  value = 1405
}
pipe "p1406" {
  use = "value"
  value = 1406
}
pipe "p1407" {
  use = "value"
  value = 1407
}
pipe "p1408" {
  use = "value"
  value = 1408
}
pipe "p1409" {
  use = "value"
  value = 1409
}
pipe "p1410" {
  use = "value"
  value = 1410
}
pipe "p1411" {
  use = "value"
  value = 1411
}
pipe "p1412" {
  use = "value"
  value = 1412
}
pipe "p1413" {
  use = "value"
  value = 1413
}
pipe "p1414" {
  use = "value"
  value = 1414
}
pipe "p1415" {
  use = "value"
  value = 1415
}
pipe "p1416" {
  use = "value"
  value = 1416
}
pipe "p1417" {
  use = "value"
  value = 1417
}
pipe "p1418" {
  use = "value"
  value = 1418
}
pipe "p1419" {
  use = "value"
  value = 1419
}
pipe "p1420" {
  use = "value"
  value = 1420
}
pipe "p1421" {
  use = "value"
  value = 1421
}
pipe "p1422" {
  use = "value"
  value = 1422
}
pipe "p1423" {
  use = "value"
  value = 1423
}
pipe "p1424" {
  use = "value"
  value = 1424
}
pipe "p1425" {
  use = "value"
  value = 1425
}
pipe "p1426" {
  use = "value"
  value = 1426
}
pipe "p1427" {
  use = "value"
  value = 1427
}
pipe "p1428" {
  use = "value"
  value = 1428
}
pipe "p1429" {
  use = "value"
  value = 1429
}
pipe "p1430" {
  use = "value"
  value = 1430
}
pipe "p1431" {
  use = "value"
  value = 1431
}
pipe "p1432" {
  use = "value"
  value = 1432
}
pipe "p1433" {
  use = "value"
  value = 1433
}
pipe "p1434" {
  use = "value"
  value = 1434
}
pipe "p1435" {
  use = "value"
  value = 1435
}
pipe "p1436" {
  use = "value"
  value = 1436
}
pipe "p1437" {
  use = "value"
  value = 1437
}
pipe "p1438" {
  use = "value"
  value = 1438
}
pipe "p1439" {
  use = "value"
  value = 1439
}
pipe "p1440" {
  use = "value"
  value = 1440
}
pipe "p1441" {
  use = "value"
  value = 1441
}
pipe "p1442" {
  use = "value"
  value = 1442
}
pipe "p1443" {
  use = "value"
  value = 1443
}
pipe "p1444" {
  use = "value"
  value = 1444
}
pipe "p1445" {
  use = "value"
  value = 1445
}
pipe "p1446" {
  use = "value"
  value = 1446
}
pipe "p1447" {
  use = "value"
  value = 1447
}
pipe "p1448" {
  use = "value"
  value = 1448
}
pipe "p1449" {
  use = "value"
  value = 1449
}
pipe "p1450" {
  use = "value"
  value = 1450
}
pipe "p1451" {
  use = "value"
  value = 1451
}
pipe "p1452" {
  use = "value"
  value = 1452
}
pipe "p1453" {
  use = "value"
  value = 1453
}
pipe "p1454" {
  use = "value"
  value = 1454
}
pipe "p1455" {
  use = "value"
  value = 1455
}
pipe "p1456" {
  use = "value"
  value = 1456
}
pipe "p1457" {
  use = "value"
  value = 1457
}
pipe "p1458" {
  use = "value"
  value = 1458
}
pipe "p1459" {
  use = "value"
  value = 1459
}
pipe "p1460" {
  use = "value"
  value = 1460
}
pipe "p1461" {
  use = "value"
  value = 1461
}
pipe "p1462" {
  use = "value"
  value = 1462
}
pipe "p1463" {
  use = "value"
  value = 1463
}
pipe "p1464" {
  use = "value"
  value = 1464
}
pipe "p1465" {
  use = "value"
  value = 1465
}
pipe "p1466" {
  use = "value"
  value = 1466
}
pipe "p1467" {
  use = "value"
  value = 1467
}
pipe "p1468" {
  use = "value"
  value = 1468
}
pipe "p1469" {
  use = "value"
  value = 1469
}
pipe "p1470" {
  use = "value"
  value = 1470
}
pipe "p1471" {
  use = "value"
  value = 1471
}
pipe "p1472" {
  use = "value"
  value = 1472
}
pipe "p1473" {
  use = "value"
  value = 1473
}
pipe "p1474" {
  use = "value"
  value = 1474
}
pipe "p1475" {
  use = "value"
  value = 1475
}
pipe "p1476" {
  use = "value"
  value = 1476
}
pipe "p1477" {
  use = "value"
  value = 1477
}
pipe "p1478" {
  use = "value"
  value = 1478
}
pipe "p1479" {
  use = "value"
  value = 1479
}
pipe "p1480" {
  use = "value"
  value = 1480
}
pipe "p1481" {
  use = "value"
  value = 1481
}
pipe "p1482" {
  use = "value"
  value = 1482
}
pipe "p1483" {
  use = "value"
  value = 1483
}
pipe "p1484" {
  use = "value"
  value = 1484
}
pipe "p1485" {
  use = "value"
  value = 1485
}
pipe "p1486" {
  use = "value"
  value = 1486
}
pipe "p1487" {
  use = "value"
  value = 1487
}
pipe "p1488" {
  use = "value"
  value = 1488
}
pipe "p1489" {
  use = "value"
  value = 1489
}
pipe "p1490" {
  use = "value"
  value = 1490
}
pipe "p1491" {
  use = "value"
  value = 1491
}
pipe "p1492" {
  use = "value"
  value = 1492
}
pipe "p1493" {
  use = "value"
  value = 1493
}
pipe "p1494" {
  use = "value"
  value = 1494
}
pipe "p1495" {
  use = "value"
  value = 1495
}
pipe "p1496" {
  use = "value"
  value = 1496
}
pipe "p1497" {
  use = "value"
  value = 1497
}
pipe "p1498" {
  use = "value"
  value = 1498
}
pipe "p1499" {
  use = "value"
  value = 1499
}
pipe "p1500" {
  use = "value"
  value = 1500
}
pipe "p1501" {
  use = "value"
  value = 1501
}
pipe "p1502" {
  use = "value"
  value = 1502
}
pipe "p1503" {
  use = "value"
  value = 1503
}
pipe "p1504" {
  use = "value"
  value = 1504
}
pipe "p1505" {
  use = "value"
  value = 1505
}
pipe "p1506" {
  use = "value"
  value = 1506
}
pipe "p1507" {
  use = "value"
  value = 1507
}
pipe "p1508" {
  use = "value"
  value = 1508
}
pipe "p1509" {
  use = "value"
  value = 1509
}
pipe "p1510" {
  use = "value"
  value = 1510
}
pipe "p1511" {
  use = "value"
  value = 1511
}
pipe "p1512" {
  use = "value"
  value = 1512
}
pipe "p1513" {
  use = "value"
  value = 1513
}
pipe "p1514" {
  use = "value"
  value = 1514
}
pipe "p1515" {
  use = "value"
  value = 1515
}
pipe "p1516" {
  use = "value"
  value = 1516
}
pipe "p1517" {
  use = "value"
  value = 1517
}
pipe "p1518" {
  use = "value"
  value = 1518
}
pipe "p1519" {
  use = "value"
  value = 1519
}
pipe "p1520" {
  use = "value"
  value = 1520
}
pipe "p1521" {
  use = "value"
  value = 1521
}
pipe "p1522" {
  use = "value"
  value = 1522
}
pipe "p1523" {
  use = "value"
  value = 1523
}
pipe "p1524" {
  use = "value"
  value = 1524
}
pipe "p1525" {
  use = "value"
  value = 1525
}
pipe "p1526" {
  use = "value"
  value = 1526
}
pipe "p1527" {
  use = "value"
  value = 1527
}
pipe "p1528" {
  use = "value"
  value = 1528
}
pipe "p1529" {
  use = "value"
  value = 1529
}
pipe "p1530" {
  use = "value"
  value = 1530
}
pipe "p1531" {
  use = "value"
  value = 1531
}
pipe "p1532" {
  use = "value"
  value = 1532
}
pipe "p1533" {
  use = "value"
  value = 1533
}
pipe "p1534" {
  use = "value"
  value = 1534
}
pipe "p1535" {
  use = "value"
  value = 1535
}
pipe "p1536" {
  use = "value"
  value = 1536
}
pipe "p1537" {
  use = "value"
  value = 1537
}
pipe "p1538" {
  use = "value"
  value = 1538
}
pipe "p1539" {
  use = "value"
  value = 1539
}
pipe "p1540" {
  use = "value"
  value = 1540
}
pipe "p1541" {
  use = "value"
  value = 1541
}
pipe "p1542" {
  use = "value"
  value = 1542
}
pipe "p1543" {
  use = "value"
  value = 1543
}
pipe "p1544" {
  use = "value"
  value = 1544
}
pipe "p1545" {
  use = "value"
  value = 1545
}
pipe "p1546" {
  use = "value"
  value = 1546
}
pipe "p1547" {
  use = "value"
  value = 1547
}
pipe "p1548" {
  use = "value"
  value = 1548
}
pipe "p1549" {
  use = "value"
  value = 1549
}
pipe "p1550" {
  use = "value"
  value = 1550
}
pipe "p1551" {
  use = "value"
  value = 1551
}
pipe "p1552" {
  use = "value"
  value = 1552
}
pipe "p1553" {
  use = "value"
  value = 1553
}
pipe "p1554" {
  use = "value"
  value = 1554
}
pipe "p1555" {
  use = "value"
  value = 1555
}
pipe "p1556" {
  use = "value"
  value = 1556
}
pipe "p1557" {
  use = "value"
  value = 1557
}
pipe "p1558" {
  use = "value"
  value = 1558
}
pipe "p1559" {
  use = "value"
  value = 1559
}
pipe "p1560" {
  use = "value"
  value = 1560
}
pipe "p1561" {
  use = "value"
  value = 1561
}
pipe "p1562" {
  use = "value"
  value = 1562
}
pipe "p1563" {
  use = "value"
  value = 1563
}
pipe "p1564" {
  use = "value"
  value = 1564
}
pipe "p1565" {
  use = "value"
  value = 1565
}
pipe "p1566" {
  use = "value"
  value = 1566
}
pipe "p1567" {
  use = "value"
  value = 1567
}
pipe "p1568" {
  use = "value"
  value = 1568
}
pipe "p1569" {
  use = "value"
  value = 1569
}
pipe "p1570" {
  use = "value"
  value = 1570
}
pipe "p1571" {
  use = "value"
  value = 1571
}
pipe "p1572" {
  use = "value"
  value = 1572
}
pipe "p1573" {
  use = "value"
  value = 1573
}
pipe "p1574" {
  use = "value"
  value = 1574
}
pipe "p1575" {
  use = "value"
  value = 1575
}
pipe "p1576" {
  use = "value"
  value = 1576
}
pipe "p1577" {
  use = "value"
  value = 1577
}
pipe "p1578" {
  use = "value"
  value = 1578
}
pipe "p1579" {
  use = "value"
  value = 1579
}
pipe "p1580" {
  use = "value"
  value = 1580
}
pipe "p1581" {
  use = "value"
  value = 1581
}
pipe "p1582" {
  use = "value"
  value = 1582
}
pipe "p1583" {
  use = "value"
  value = 1583
}
pipe "p1584" {
  use = "value"
  value = 1584
}
pipe "p1585" {
  use = "value"
  value = 1585
}
pipe "p1586" {
  use = "value"
  value = 1586
}
pipe "p1587" {
  use = "value"
  value = 1587
}
pipe "p1588" {
  use = "value"
  value = 1588
}
pipe "p1589" {
  use = "value"
  value = 1589
}
pipe "p1590" {
  use = "value"
  value = 1590
}
pipe "p1591" {
  use = "value"
  value = 1591
}
pipe "p1592" {
  use = "value"
  value = 1592
}
pipe "p1593" {
  use = "value"
  value = 1593
}
pipe "p1594" {
  use = "value"
  value = 1594
}
pipe "p1595" {
  use = "value"
  value = 1595
}
pipe "p1596" {
  use = "value"
  value = 1596
}
pipe "p1597" {
  use = "value"
  value = 1597
}
pipe "p1598" {
  use = "value"
  value = 1598
}
pipe "p1599" {
  use = "value"
  value = 1599
}
pipe "p1600" {
  use = "value"
  value = 1600
}
pipe "p1601" {
  use = "value"
  value = 1601
}
pipe "p1602" {
  use = "value"
  value = 1602
}
pipe "p1603" {
  use = "value"
  value = 1603
}
pipe "p1604" {
  use = "value"
  value = 1604
}
pipe "p1605" {
  use = "value"
  value = 1605
}
pipe "p1606" {
  use = "value"
  value = 1606
}
pipe "p1607" {
  use = "value"
  value = 1607
}
pipe "p1608" {
  use = "value"
  value = 1608
}
pipe "p1609" {
  use = "value"
  value = 1609
}
pipe "p1610" {
  use = "value"
  value = 1610
}
pipe "p1611" {
  use = "value"
  value = 1611
}
pipe "p1612" {
  use = "value"
  value = 1612
}
pipe "p1613" {
  use = "value"
  value = 1613
}
pipe "p1614" {
  use = "value"
  value = 1614
}
pipe "p1615" {
  use = "value"
  value = 1615
}
pipe "p1616" {
  use = "value"
  value = 1616
}
pipe "p1617" {
  use = "value"
  value = 1617
}
pipe "p1618" {
  use = "value"
  value = 1618
}
pipe "p1619" {
  use = "value"
  value = 1619
}
pipe "p1620" {
  use = "value"
  value = 1620
}
pipe "p1621" {
  use = "value"
  value = 1621
}
pipe "p1622" {
  use = "value"
  value = 1622
}
pipe "p1623" {
  use = "value"
  value = 1623
}
pipe "p1624" {
  use = "value"
  value = 1624
}
pipe "p1625" {
  use = "value"
  value = 1625
}
pipe "p1626" {
  use = "value"
  value = 1626
}
pipe "p1627" {
  use = "value"
  value = 1627
}
pipe "p1628" {
  use = "value"
  value = 1628
}
pipe "p1629" {
  use = "value"
  value = 1629
}
pipe "p1630" {
  use = "value"
  value = 1630
}
pipe "p1631" {
  use = "value"
  value = 1631
}
pipe "p1632" {
  use = "value"
  value = 1632
}
pipe "p1633" {
  use = "value"
  value = 1633
}
pipe "p1634" {
  use = "value"
  value = 1634
}
pipe "p1635" {
  use = "value"
  value = 1635
}
pipe "p1636" {
  use = "value"
  value = 1636
}
pipe "p1637" {
  use = "value"
  value = 1637
}
pipe "p1638" {
  use = "value"
  value = 1638
}
pipe "p1639" {
  use = "value"
  value = 1639
}
pipe "p1640" {
  use = "value"
  value = 1640
}
pipe "p1641" {
  use = "value"
  value = 1641
}
pipe "p1642" {
  use = "value"
  value = 1642
}
pipe "p1643" {
  use = "value"
  value = 1643
}
pipe "p1644" {
  use = "value"
  value = 1644
}
pipe "p1645" {
  use = "value"
  value = 1645
}
pipe "p1646" {
  use = "value"
  value = 1646
}
pipe "p1647" {
  use = "value"
  value = 1647
}
pipe "p1648" {
  use = "value"
  value = 1648
}
pipe "p1649" {
  use = "value"
  value = 1649
}
pipe "p1650" {
  use = "value"
  value = 1650
}
pipe "p1651" {
  use = "value"
  value = 1651
}
pipe "p1652" {
  use = "value"
  value = 1652
}
pipe "p1653" {
  use = "value"
  value = 1653
}
pipe "p1654" {
  use = "value"
  value = 1654
}
pipe "p1655" {
  use = "value"
  value = 1655
}
pipe "p1656" {
  use = "value"
  value = 1656
}
pipe "p1657" {
  use = "value"
  value = 1657
}
pipe "p1658" {
  use = "value"
  value = 1658
}
pipe "p1659" {
  use = "value"
  value = 1659
}
pipe "p1660" {
  use = "value"
  value = 1660
}
pipe "p1661" {
  use = "value"
  value = 1661
}
pipe "p1662" {
  use = "value"
  value = 1662
}
pipe "p1663" {
  use = "value"
  value = 1663
}
pipe "p1664" {
  use = "value"
  value = 1664
}
pipe "p1665" {
  use = "value"
  value = 1665
}
pipe "p1666" {
  use = "value"
  value = 1666
}
pipe "p1667" {
  use = "value"
  value = 1667
}
pipe "p1668" {
  use = "value"
  value = 1668
}
pipe "p1669" {
  use = "value"
  value = 1669
}
pipe "p1670" {
  use = "value"
  value = 1670
}
pipe "p1671" {
  use = "value"
  value = 1671
}
pipe "p1672" {
  use = "value"
  value = 1672
}
pipe "p1673" {
  use = "value"
  value = 1673
}
pipe "p1674" {
  use = "value"
  value = 1674
}
pipe "p1675" {
  use = "value"
  value = 1675
}
pipe "p1676" {
  use = "value"
  value = 1676
}
pipe "p1677" {
  use = "value"
  value = 1677
}
pipe "p1678" {
  use = "value"
  value = 1678
}
pipe "p1679" {
  use = "value"
  value = 1679
}
pipe "p1680" {
  use = "value"
  value = 1680
}
pipe "p1681" {
  use = "value"
  value = 1681
}
pipe "p1682" {
  use = "value"
  value = 1682
}
pipe "p1683" {
  use = "value"
  value = 1683
}
pipe "p1684" {
  use = "value"
  value = 1684
}
pipe "p1685" {
  use = "value"
  value = 1685
}
pipe "p1686" {
  use = "value"
  value = 1686
}
pipe "p1687" {
  use = "value"
  value = 1687
}
pipe "p1688" {
  use = "value"
  value = 1688
}
pipe "p1689" {
  use = "value"
  value = 1689
}
pipe "p1690" {
  use = "value"
  value = 1690
}
pipe "p1691" {
  use = "value"
  value = 1691
}
pipe "p1692" {
  use = "value"
  value = 1692
}
pipe "p1693" {
  use = "value"
  value = 1693
}
pipe "p1694" {
  use = "value"
  value = 1694
}
pipe "p1695" {
  use = "value"
  value = 1695
}
pipe "p1696" {
  use = "value"
  value = 1696
}
pipe "p1697" {
  use = "value"
  value = 1697
}
pipe "p1698" {
  use = "value"
  value = 1698
}
pipe "p1699" {
  use = "value"
  value = 1699
}
pipe "p1700" {
  use = "value"
  value = 1700
}
pipe "p1701" {
  use = "value"
  value = 1701
}
pipe "p1702" {
  use = "value"
  value = 1702
}
pipe "p1703" {
  use = "value"
  value = 1703
}
pipe "p1704" {
  use = "value"
  value = 1704
}
pipe "p1705" {
  use = "value"
  value = 1705
}
pipe "p1706" {
  use = "value"
  value = 1706
}
pipe "p1707" {
  use = "value"
  value = 1707
}
pipe "p1708" {
  use = "value"
  value = 1708
}
pipe "p1709" {
  use = "value"
  value = 1709
}
pipe "p1710" {
  use = "value"
  value = 1710
}
pipe "p1711" {
  use = "value"
  value = 1711
}
pipe "p1712" {
  use = "value"
  value = 1712
}
pipe "p1713" {
  use = "value"
  value = 1713
}
pipe "p1714" {
  use = "value"
  value = 1714
}
pipe "p1715" {
  use = "value"
  value = 1715
}
pipe "p1716" {
  use = "value"
  value = 1716
}
pipe "p1717" {
  use = "value"
  value = 1717
}
pipe "p1718" {
  use = "value"
  value = 1718
}
pipe "p1719" {
  use = "value"
  value = 1719
}
pipe "p1720" {
  use = "value"
  value = 1720
}
pipe "p1721" {
  use = "value"
  value = 1721
}
pipe "p1722" {
  use = "value"
  value = 1722
}
pipe "p1723" {
  use = "value"
  value = 1723
}
pipe "p1724" {
  use = "value"
  value = 1724
}
pipe "p1725" {
  use = "value"
  value = 1725
}
pipe "p1726" {
  use = "value"
  value = 1726
}
pipe "p1727" {
  use = "value"
  value = 1727
}
pipe "p1728" {
  use = "value"
  value = 1728
}
pipe "p1729" {
  use = "value"
  value = 1729
}
pipe "p1730" {
  use = "value"
  value = 1730
}
pipe "p1731" {
  use = "value"
  value = 1731
}
pipe "p1732" {
  use = "value"
  value = 1732
}
pipe "p1733" {
  use = "value"
  value = 1733
}
pipe "p1734" {
  use = "value"
  value = 1734
}
pipe "p1735" {
  use = "value"
  value = 1735
}
pipe "p1736" {
  use = "value"
  value = 1736
}
pipe "p1737" {
  use = "value"
  value = 1737
}
pipe "p1738" {
  use = "value"
  value = 1738
}
pipe "p1739" {
  use = "value"
  value = 1739
}
pipe "p1740" {
  use = "value"
  value = 1740
}
pipe "p1741" {
  use = "value"
  value = 1741
}
pipe "p1742" {
  use = "value"
  value = 1742
}
pipe "p1743" {
  use = "value"
  value = 1743
}
pipe "p1744" {
  use = "value"
  value = 1744
}
pipe "p1745" {
  use = "value"
  value = 1745
}
pipe "p1746" {
  use = "value"
  value = 1746
}
pipe "p1747" {
  use = "value"
  value = 1747
}
pipe "p1748" {
  use = "value"
  value = 1748
}
pipe "p1749" {
  use = "value"
  value = 1749
}
pipe "p1750" {
  use = "value"
  value = 1750
}
pipe "p1751" {
  use = "value"
  value = 1751
}
pipe "p1752" {
  use = "value"
  value = 1752
}
pipe "p1753" {
  use = "value"
  value = 1753
}
pipe "p1754" {
  use = "value"
  value = 1754
}
pipe "p1755" {
  use = "value"
  value = 1755
}
pipe "p1756" {
  use = "value"
  value = 1756
}
pipe "p1757" {
  use = "value"
  value = 1757
}
pipe "p1758" {
  use = "value"
  value = 1758
}
pipe "p1759" {
  use = "value"
  value = 1759
}
pipe "p1760" {
  use = "value"
  value = 1760
}
pipe "p1761" {
  use = "value"
  value = 1761
}
pipe "p1762" {
  use = "value"
  value = 1762
}
pipe "p1763" {
  use = "value"
  value = 1763
}
pipe "p1764" {
  use = "value"
  value = 1764
}
pipe "p1765" {
  use = "value"
  value = 1765
}
pipe "p1766" {
  use = "value"
  value = 1766
}
pipe "p1767" {
  use = "value"
  value = 1767
}
pipe "p1768" {
  use = "value"
  value = 1768
}
pipe "p1769" {
  use = "value"
  value = 1769
}
pipe "p1770" {
  use = "value"
  value = 1770
}
pipe "p1771" {
  use = "value"
  value = 1771
}
pipe "p1772" {
  use = "value"
  value = 1772
}
pipe "p1773" {
  use = "value"
  value = 1773
}
pipe "p1774" {
  use = "value"
  value = 1774
}
pipe "p1775" {
  use = "value"
  value = 1775
}
pipe "p1776" {
  use = "value"
  value = 1776
}
pipe "p1777" {
  use = "value"
  value = 1777
}
pipe "p1778" {
  use = "value"
  value = 1778
}
pipe "p1779" {
  use = "value"
  value = 1779
}
pipe "p1780" {
  use = "value"
  value = 1780
}
pipe "p1781" {
  use = "value"
  value = 1781
}
pipe "p1782" {
  use = "value"
  value = 1782
}
pipe "p1783" {
  use = "value"
  value = 1783
}
pipe "p1784" {
  use = "value"
  value = 1784
}
pipe "p1785" {
  use = "value"
  value = 1785
}
pipe "p1786" {
  use = "value"
  value = 1786
}
pipe "p1787" {
  use = "value"
  value = 1787
}
pipe "p1788" {
  use = "value"
  value = 1788
}
pipe "p1789" {
  use = "value"
  value = 1789
}
pipe "p1790" {
  use = "value"
  value = 1790
}
pipe "p1791" {
  use = "value"
  value = 1791
}
pipe "p1792" {
  use = "value"
  value = 1792
}
pipe "p1793" {
  use = "value"
  value = 1793
}
pipe "p1794" {
  use = "value"
  value = 1794
}
pipe "p1795" {
  use = "value"
  value = 1795
}
pipe "p1796" {
  use = "value"
  value = 1796
}
pipe "p1797" {
  use = "value"
  value = 1797
}
pipe "p1798" {
  use = "value"
  value = 1798
}
pipe "p1799" {
  use = "value"
  value = 1799
}
pipe "p1800" {
  use = "value"
  value = 1800
}
pipe "p1801" {
  use = "value"
  value = 1801
}
pipe "p1802" {
  use = "value"
  value = 1802
}
pipe "p1803" {
  use = "value"
  value = 1803
}
pipe "p1804" {
  use = "value"
  value = 1804
}
pipe "p1805" {
  use = "value"
  value = 1805
}
pipe "p1806" {
  use = "value"
  value = 1806
}
pipe "p1807" {
  use = "value"
  value = 1807
}
pipe "p1808" {
  use = "value"
  value = 1808
}
pipe "p1809" {
  use = "value"
  value = 1809
}
pipe "p1810" {
  use = "value"
  value = 1810
}
pipe "p1811" {
  use = "value"
  value = 1811
}
pipe "p1812" {
  use = "value"
  value = 1812
}
pipe "p1813" {
  use = "value"
  value = 1813
}
pipe "p1814" {
  use = "value"
  value = 1814
}
pipe "p1815" {
  use = "value"
  value = 1815
}
pipe "p1816" {
  use = "value"
  value = 1816
}
pipe "p1817" {
  use = "value"
  value = 1817
}
pipe "p1818" {
  use = "value"
  value = 1818
}
pipe "p1819" {
  use = "value"
  value = 1819
}
pipe "p1820" {
  use = "value"
  value = 1820
}
pipe "p1821" {
  use = "value"
  value = 1821
}
pipe "p1822" {
  use = "value"
  value = 1822
}
pipe "p1823" {
  use = "value"
  value = 1823
}
pipe "p1824" {
  use = "value"
  value = 1824
}
pipe "p1825" {
  use = "value"
  value = 1825
}
pipe "p1826" {
  use = "value"
  value = 1826
}
pipe "p1827" {
  use = "value"
  value = 1827
}
pipe "p1828" {
  use = "value"
  value = 1828
}
pipe "p1829" {
  use = "value"
  value = 1829
}
pipe "p1830" {
  use = "value"
  value = 1830
}
pipe "p1831" {
  use = "value"
  value = 1831
}
pipe "p1832" {
  use = "value"
  value = 1832
}
pipe "p1833" {
  use = "value"
  value = 1833
}
pipe "p1834" {
  use = "value"
  value = 1834
}
pipe "p1835" {
  use = "value"
  value = 1835
}
pipe "p1836" {
  use = "value"
  value = 1836
}
pipe "p1837" {
  use = "value"
  value = 1837
}
pipe "p1838" {
  use = "value"
  value = 1838
}
pipe "p1839" {
  use = "value"
  value = 1839
}
pipe "p1840" {
  use = "value"
  value = 1840
}
pipe "p1841" {
  use = "value"
  value = 1841
}
pipe "p1842" {
  use = "value"
  value = 1842
}
pipe "p1843" {
  use = "value"
  value = 1843
}
pipe "p1844" {
  use = "value"
  value = 1844
}
pipe "p1845" {
  use = "value"
  value = 1845
}
pipe "p1846" {
  use = "value"
  value = 1846
}
pipe "p1847" {
  use = "value"
  value = 1847
}
pipe "p1848" {
  use = "value"
  value = 1848
}
pipe "p1849" {
  use = "value"
  value = 1849
}
pipe "p1850" {
  use = "value"
  value = 1850
}
pipe "p1851" {
  use = "value"
  value = 1851
}
pipe "p1852" {
  use = "value"
  value = 1852
}
pipe "p1853" {
  use = "value"
  value = 1853
}
pipe "p1854" {
  use = "value"
  value = 1854
}
pipe "p1855" {
  use = "value"
  value = 1855
}
pipe "p1856" {
  use = "value"
  value = 1856
}
pipe "p1857" {
  use = "value"
  value = 1857
}
pipe "p1858" {
  use = "value"
  value = 1858
}
pipe "p1859" {
  use = "value"
  value = 1859
}
pipe "p1860" {
  use = "value"
  value = 1860
}
pipe "p1861" {
  use = "value"
  value = 1861
}
pipe "p1862" {
  use = "value"
  value = 1862
}
pipe "p1863" {
  use = "value"
  value = 1863
}
pipe "p1864" {
  use = "value"
  value = 1864
}
pipe "p1865" {
  use = "value"
  value = 1865
}
pipe "p1866" {
  use = "value"
  value = 1866
}
pipe "p1867" {
  use = "value"
  value = 1867
}
pipe "p1868" {
  use = "value"
  value = 1868
}
pipe "p1869" {
  use = "value"
  value = 1869
}
pipe "p1870" {
  use = "value"
  value = 1870
}
pipe "p1871" {
  use = "value"
  value = 1871
}
pipe "p1872" {
  use = "value"
  value = 1872
}
pipe "p1873" {
  use = "value"
  value = 1873
}
pipe "p1874" {
  use = "value"
  value = 1874
}
pipe "p1875" {
  use = "value"
  value = 1875
}
pipe "p1876" {
  use = "value"
  value = 1876
}
pipe "p1877" {
  use = "value"
  value = 1877
}
pipe "p1878" {
  use = "value"
  value = 1878
}
pipe "p1879" {
  use = "value"
  value = 1879
}
pipe "p1880" {
  use = "value"
  value = 1880
}
pipe "p1881" {
  use = "value"
  value = 1881
}
pipe "p1882" {
  use = "value"
  value = 1882
}
pipe "p1883" {
  use = "value"
  value = 1883
}
pipe "p1884" {
  use = "value"
  value = 1884
}
pipe "p1885" {
  use = "value"
  value = 1885
}
pipe "p1886" {
  use = "value"
  value = 1886
}
pipe "p1887" {
  use = "value"
  value = 1887
}
pipe "p1888" {
  use = "value"
  value = 1888
}
pipe "p1889" {
  use = "value"
  value = 1889
}
pipe "p1890" {
  use = "value"
  value = 1890
}
pipe "p1891" {
  use = "value"
  value = 1891
}
pipe "p1892" {
  use = "value"
  value = 1892
}
pipe "p1893" {
  use = "value"
  value = 1893
}
pipe "p1894" {
  use = "value"
  value = 1894
}
pipe "p1895" {
  use = "value"
  value = 1895
}
pipe "p1896" {
  use = "value"
  value = 1896
}
pipe "p1897" {
  use = "value"
  value = 1897
}
pipe "p1898" {
  use = "value"
  value = 1898
}
pipe "p1899" {
  use = "value"
  value = 1899
}
pipe "p1900" {
  use = "value"
  value = 1900
}
pipe "p1901" {
  use = "value"
  value = 1901
}
pipe "p1902" {
  use = "value"
  value = 1902
}
pipe "p1903" {
  use = "value"
  value = 1903
}
pipe "p1904" {
  use = "value"
  value = 1904
}
pipe "p1905" {
  use = "value"
  value = 1905
}
pipe "p1906" {
  use = "value"
  value = 1906
}
pipe "p1907" {
  use = "value"
  value = 1907
}
pipe "p1908" {
  use = "value"
  value = 1908
}
pipe "p1909" {
  use = "value"
  value = 1909
}
pipe "p1910" {
  use = "value"
  value = 1910
}
pipe "p1911" {
  use = "value"
  value = 1911
}
pipe "p1912" {
  use = "value"
  value = 1912
}
pipe "p1913" {
  use = "value"
  value = 1913
}
pipe "p1914" {
  use = "value"
  value = 1914
}
pipe "p1915" {
  use = "value"
  value = 1915
}
pipe "p1916" {
  use = "value"
  value = 1916
}
pipe "p1917" {
  use = "value"
  value = 1917
}
pipe "p1918" {
  use = "value"
  value = 1918
}
pipe "p1919" {
  use = "value"
  value = 1919
}
pipe "p1920" {
  use = "value"
  value = 1920
}
pipe "p1921" {
  use = "value"
  value = 1921
}
pipe "p1922" {
  use = "value"
  value = 1922
}
pipe "p1923" {
  use = "value"
  value = 1923
}
pipe "p1924" {
  use = "value"
  value = 1924
}
pipe "p1925" {
  use = "value"
  value = 1925
}
pipe "p1926" {
  use = "value"
  value = 1926
}
pipe "p1927" {
  use = "value"
  value = 1927
}
pipe "p1928" {
  use = "value"
  value = 1928
}
pipe "p1929" {
  use = "value"
  value = 1929
}
pipe "p1930" {
  use = "value"
  value = 1930
}
pipe "p1931" {
  use = "value"
  value = 1931
}
pipe "p1932" {
  use = "value"
  value = 1932
}
pipe "p1933" {
  use = "value"
  value = 1933
}
pipe "p1934" {
  use = "value"
  value = 1934
}
pipe "p1935" {
  use = "value"
  value = 1935
}
pipe "p1936" {
  use = "value"
  value = 1936
}
pipe "p1937" {
  use = "value"
  value = 1937
}
pipe "p1938" {
  use = "value"
  value = 1938
}
pipe "p1939" {
  use = "value"
  value = 1939
}
pipe "p1940" {
  use = "value"
  value = 1940
}
pipe "p1941" {
  use = "value"
  value = 1941
}
pipe "p1942" {
  use = "value"
  value = 1942
}
pipe "p1943" {
  use = "value"
  value = 1943
}
pipe "p1944" {
  use = "value"
  value = 1944
}
pipe "p1945" {
  use = "value"
  value = 1945
}
pipe "p1946" {
  use = "value"
  value = 1946
}
pipe "p1947" {
  use = "value"
  value = 1947
}
pipe "p1948" {
  use = "value"
  value = 1948
}
pipe "p1949" {
  use = "value"
  value = 1949
}
pipe "p1950" {
  use = "value"
  value = 1950
}
pipe "p1951" {
  use = "value"
  value = 1951
}
pipe "p1952" {
  use = "value"
  value = 1952
}
pipe "p1953" {
  use = "value"
  value = 1953
}
pipe "p1954" {
  use = "value"
  value = 1954
}
pipe "p1955" {
  use = "value"
  value = 1955
}
pipe "p1956" {
  use = "value"
  value = 1956
}
pipe "p1957" {
  use = "value"
  value = 1957
}
pipe "p1958" {
  use = "value"
  value = 1958
}
pipe "p1959" {
  use = "value"
  value = 1959
}
pipe "p1960" {
  use = "value"
  value = 1960
}
pipe "p1961" {
  use = "value"
  value = 1961
}
pipe "p1962" {
  use = "value"
  value = 1962
}
pipe "p1963" {
  use = "value"
  value = 1963
}
pipe "p1964" {
  use = "value"
  value = 1964
}
pipe "p1965" {
  use = "value"
  value = 1965
}
pipe "p1966" {
  use = "value"
  value = 1966
}
pipe "p1967" {
  use = "value"
  value = 1967
}
pipe "p1968" {
  use = "value"
  value = 1968
}
pipe "p1969" {
  use = "value"
  value = 1969
}
pipe "p1970" {
  use = "value"
  value = 1970
}
pipe "p1971" {
  use = "value"
  value = 1971
}
pipe "p1972" {
  use = "value"
  value = 1972
}
pipe "p1973" {
  use = "value"
  value = 1973
}
pipe "p1974" {
  use = "value"
  value = 1974
}
pipe "p1975" {
  use = "value"
  value = 1975
}
pipe "p1976" {
  use = "value"
  value = 1976
}
pipe "p1977" {
  use = "value"
  value = 1977
}
pipe "p1978" {
  use = "value"
  value = 1978
}
pipe "p1979" {
  use = "value"
  value = 1979
}
pipe "p1980" {
  use = "value"
  value = 1980
}
pipe "p1981" {
  use = "value"
  value = 1981
}
pipe "p1982" {
  use = "value"
  value = 1982
}
pipe "p1983" {
  use = "value"
  value = 1983
}
pipe "p1984" {
  use = "value"
  value = 1984
}
pipe "p1985" {
  use = "value"
  value = 1985
}
pipe "p1986" {
  use = "value"
  value = 1986
}
pipe "p1987" {
  use = "value"
  value = 1987
}
pipe "p1988" {
  use = "value"
  value = 1988
}
pipe "p1989" {
  use = "value"
  value = 1989
}
pipe "p1990" {
  use = "value"
  value = 1990
}
pipe "p1991" {
  use = "value"
  value = 1991
}
pipe "p1992" {
  use = "value"
  value = 1992
}
pipe "p1993" {
  use = "value"
  value = 1993
}
pipe "p1994" {
  use = "value"
  value = 1994
}
pipe "p1995" {
  use = "value"
  value = 1995
}
pipe "p1996" {
  use = "value"
  value = 1996
}
pipe "p1997" {
  use = "value"
  value = 1997
}
pipe "p1998" {
  use = "value"
  value = 1998
}
pipe "p1999" {
  use = "value"
  value = 1999
}
