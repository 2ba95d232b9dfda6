# Expected values of tests/hardware/energy_test.cpp: the same trapezoid and interpolation formulas
# in plain Python floats (IEEE doubles, no FMA), cross-checked with numpy.trapz / numpy.interp.
# Run: /usr/bin/python3 energy_reference.py (needs numpy).
import random, numpy as np
random.seed(11)
n=50
t=[1000.0 + 0.01*k for k in range(n)]
p=[float(random.randint(3000,6000)) for _ in range(n)]
def interp(t0,v0,t1,v1,x): return v0 + (v1 - v0) * ((x - t0) / (t1 - t0))
def energy(t,p,a,b):
    e=0.0; d=0.0; cnt=0
    for i in range(1,len(t)):
        t0,p0,t1,p1=t[i-1],p[i-1],t[i],p[i]
        lo=max(t0,a); hi=min(t1,b)
        if lo<hi:
            q0 = p0 if lo==t0 else interp(t0,p0,t1,p1,lo)
            q1 = p1 if hi==t1 else interp(t0,p0,t1,p1,hi)
            e += (hi-lo)*(q0+q1)/2; d += hi-lo
    return e,d
print("powers", [int(x) for x in p])
E,D=energy(t,p,-1e300,1e300); print("all", repr(E), repr(D), "numpy", repr(float(np.trapz(p,t))))
a,b=1000.123,1000.4567
E,D=energy(t,p,a,b)
# numpy cross-check: grid = [a] + inner + [b]
inner=[x for x in t if a<x<b]; grid=[a]+inner+[b]
print("win", repr(E), repr(D), "numpy", repr(float(np.trapz(np.interp(grid,t,p),grid))))
print("mean power", repr(E/D), "per inf mj (n=7)", repr(E/7), "J", repr(E/1000/7), "inf/J", repr(7/(E/1000)))
base=3500.0
print("above idle mj", repr(E - base*D))
for (a,b,n_) in [(1000.05,1000.2,10),(1000.2,1000.31,8)]:
    E,D=energy(t,p,a,b); print("w",a,b,repr(E),repr(D), repr(E/n_))
# time above
tt=[0.0,1.0,2.0,3.0]; vv=[40.0,50.0,60.0,45.0]; thr=48.0
s=0.0
for i in range(1,4):
    lo,hi=tt[i-1],tt[i]; a_,b_=vv[i-1],vv[i]
    if a_>thr and b_>thr: s+=hi-lo
    elif a_>thr or b_>thr:
        x=lo+(hi-lo)*((thr-a_)/(b_-a_)); s+= (x-lo) if a_>thr else (hi-x)
print("above", repr(s))
