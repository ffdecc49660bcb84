/* diffusers' timesteps for T = 1000 (num_train_timesteps), written out by hand from the documented
 * formulas of DDIMScheduler/DDPMScheduler.set_timesteps (docs/conventions.md, "diffusers timestep
 * spacing"), as our points t = tau + 1 (without the final point 0 or 1):
 *   leading:  tau_k = (N - 1 - k) (1000 // N) + steps_offset   (here steps_offset 0 and 1)
 *   trailing: tau_k = round(1000 - k 1000/N) - 1
 *   linspace: tau_k = round((N - 1 - k) 999/(N - 1))             (round half to even: 499.5 -> 500)
 * steps_offset changes leading only (trailing and linspace ignore it in diffusers).
 * The lists were derived with exact rational arithmetic, not with the code under test. */
#ifndef DMV_TEST_DIFFUSERS_TIMESTEPS_H
#define DMV_TEST_DIFFUSERS_TIMESTEPS_H

#include "dmv/spec.h"

static const long dmvt_leading10_off0[10] = {901, 801, 701, 601, 501, 401, 301, 201, 101, 1};
static const long dmvt_leading10_off1[10] = {902, 802, 702, 602, 502, 402, 302, 202, 102, 2};
static const long dmvt_leading50_off0[50] = {981, 961, 941, 921, 901, 881, 861, 841, 821, 801, 781, 761, 741,
    721, 701, 681, 661, 641, 621, 601, 581, 561, 541, 521, 501, 481, 461, 441, 421, 401, 381, 361, 341, 321,
    301, 281, 261, 241, 221, 201, 181, 161, 141, 121, 101, 81, 61, 41, 21, 1};
static const long dmvt_leading50_off1[50] = {982, 962, 942, 922, 902, 882, 862, 842, 822, 802, 782, 762, 742,
    722, 702, 682, 662, 642, 622, 602, 582, 562, 542, 522, 502, 482, 462, 442, 422, 402, 382, 362, 342, 322,
    302, 282, 262, 242, 222, 202, 182, 162, 142, 122, 102, 82, 62, 42, 22, 2};
static const long dmvt_trailing10[10] = {1000, 900, 800, 700, 600, 500, 400, 300, 200, 100};
static const long dmvt_trailing50[50] = {1000, 980, 960, 940, 920, 900, 880, 860, 840, 820, 800, 780, 760,
    740, 720, 700, 680, 660, 640, 620, 600, 580, 560, 540, 520, 500, 480, 460, 440, 420, 400, 380, 360, 340,
    320, 300, 280, 260, 240, 220, 200, 180, 160, 140, 120, 100, 80, 60, 40, 20};
static const long dmvt_linspace10[10] = {1000, 889, 778, 667, 556, 445, 334, 223, 112, 1};
static const long dmvt_linspace50[50] = {1000, 980, 959, 939, 918, 898, 878, 857, 837, 817, 796, 776, 755,
    735, 715, 694, 674, 653, 633, 613, 592, 572, 551, 531, 511, 490, 470, 450, 429, 409, 388, 368, 348, 327,
    307, 286, 266, 246, 225, 205, 184, 164, 144, 123, 103, 83, 62, 42, 21, 1};
/* N = 3: linspace hits the tie 499.5 (numpy rounds to even: 500); trailing 1000 - 1000/3 = 666.67 -> 667 */
static const long dmvt_linspace3[3] = {1000, 501, 1};
static const long dmvt_trailing3[3] = {1000, 667, 333};

typedef struct {
    dmv_grid_kind kind;
    long steps, steps_offset;
    const long *t; /* steps entries */
} dmvt_diffusers_case;

static const dmvt_diffusers_case dmvt_diffusers_cases[] = {
    {DMV_GRID_LEADING, 10, 0, dmvt_leading10_off0},  {DMV_GRID_LEADING, 10, 1, dmvt_leading10_off1},
    {DMV_GRID_LEADING, 50, 0, dmvt_leading50_off0},  {DMV_GRID_LEADING, 50, 1, dmvt_leading50_off1},
    {DMV_GRID_TRAILING, 10, 0, dmvt_trailing10},     {DMV_GRID_TRAILING, 10, 1, dmvt_trailing10},
    {DMV_GRID_TRAILING, 50, 0, dmvt_trailing50},     {DMV_GRID_TRAILING, 3, 0, dmvt_trailing3},
    {DMV_GRID_LINSPACE, 10, 0, dmvt_linspace10},     {DMV_GRID_LINSPACE, 10, 1, dmvt_linspace10},
    {DMV_GRID_LINSPACE, 50, 0, dmvt_linspace50},     {DMV_GRID_LINSPACE, 3, 0, dmvt_linspace3},
};
#define DMVT_DIFFUSERS_NCASES ((long) (sizeof dmvt_diffusers_cases / sizeof dmvt_diffusers_cases[0]))

/* the process of these lists: vp-discrete, T = 1000, diffusers' linear betas */
static void dmvt_diffusers_process(dmv_process *p)
{
    dmv_process_default(p, DMV_PROCESS_VP_DISCRETE);
    p->betas = DMV_BETAS_LINEAR;
}

#endif
